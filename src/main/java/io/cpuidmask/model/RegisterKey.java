package io.cpuidmask.model;

import java.util.Comparator;

/**
 * Identifies one CPUID output register: leaf (EAX input), subleaf (ECX input) and register.
 * The leaf is kept as a long so that extended leaves (0x8000_0000 and up) sort naturally.
 */
public record RegisterKey(long leaf, int subleaf, Register register) implements Comparable<RegisterKey> {

    private static final Comparator<RegisterKey> ORDER = Comparator.comparingLong(RegisterKey::leaf)
            .thenComparingInt(RegisterKey::subleaf)
            .thenComparing(RegisterKey::register);

    public RegisterKey {
        if (leaf < 0 || leaf > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("leaf out of range: " + leaf);
        }
        if (subleaf < 0) {
            throw new IllegalArgumentException("subleaf must not be negative: " + subleaf);
        }
        if (register == null) {
            throw new IllegalArgumentException("register is required");
        }
    }

    /** Keys are interned (for small subleaves): a large estate holds millions of register references. */
    private static final java.util.concurrent.ConcurrentHashMap<Long, RegisterKey> INTERNED =
            new java.util.concurrent.ConcurrentHashMap<>();

    public static RegisterKey of(long leaf, int subleaf, Register register) {
        if (subleaf < 0 || subleaf > 0xFF || leaf < 0 || leaf > 0xFFFF_FFFFL || register == null) {
            return new RegisterKey(leaf, subleaf, register);
        }
        long id = leaf << 10 | (long) subleaf << 2 | register.ordinal();
        RegisterKey k = INTERNED.get(id);
        if (k == null) {
            k = INTERNED.computeIfAbsent(id, x -> new RegisterKey(leaf, subleaf, register));
        }
        return k;
    }

    public static RegisterKey of(long leaf, Register register) {
        return new RegisterKey(leaf, 0, register);
    }

    /** The leaf as 8 lower-case hex digits, as the report schema wants it. */
    public String leafHex() {
        String hex = Long.toHexString(leaf); // not String.format: reports name millions of registers
        return hex.length() >= 8 ? hex : "00000000".substring(hex.length()) + hex;
    }

    /** {@code 00000001.ecx}, or {@code 00000007.1.eax} for a non-zero subleaf. */
    public String label() {
        return leafHex() + (subleaf == 0 ? "" : "." + subleaf) + "." + register.id();
    }

    /**
     * The name VMware's .vmx uses for the register ({@code cpuid.1.ecx}, {@code cpuid.80000001.edx});
     * the subleaf appears only where it is non-zero.
     */
    public String vmxName() {
        return "cpuid." + Long.toHexString(leaf) + (subleaf == 0 ? "" : "." + subleaf) + "." + register.id();
    }

    @Override
    public int compareTo(RegisterKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return label();
    }
}
