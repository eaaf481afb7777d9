package io.cpuidmask.model;

/** The characters of the vSphere CPUID mask legend (docs/DOMAIN.md (mask strings)). */
public enum MaskChar {
    /** Unused by guest software: not checked. */
    X('X'),
    /** Reported to the guest as 0, but must be equal on source and destination. */
    R('R'),
    /** Passed through from the host; must be equal on both hosts. */
    H('H'),
    /** Always reported to the guest as 0. */
    ZERO('0'),
    /** Always reported to the guest as 1. */
    ONE('1'),
    /** The guest requires the host to have the feature. */
    T('T'),
    /** The guest requires the host not to have the feature. */
    F('F'),
    /** Custom masks only: keep the default's character. */
    KEEP('-');

    private final char symbol;

    MaskChar(char symbol) {
        this.symbol = symbol;
    }

    public char symbol() {
        return symbol;
    }

    /** True for the characters under which hosts must agree for a migration (R and H). */
    public boolean comparedOnMigration() {
        return this == R || this == H;
    }

    /** Parses one legend character, case-insensitively; returns null when it is not one. */
    public static MaskChar fromSymbol(char c) {
        switch (Character.toUpperCase(c)) {
            case 'X': return X;
            case 'R': return R;
            case 'H': return H;
            case '0': return ZERO;
            case '1': return ONE;
            case 'T': return T;
            case 'F': return F;
            case '-': return KEEP;
            default: return null;
        }
    }

    @Override
    public String toString() {
        return String.valueOf(symbol);
    }
}
