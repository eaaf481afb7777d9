package io.cpuidmask.facts;

/** A bit position 0..31; lets rules reason per bit over register-wide facts. */
public final class Bit {

    private final int index;

    public Bit(int index) {
        this.index = index;
    }

    public int getIndex() { return index; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bit b && b.index == index;
    }

    @Override
    public int hashCode() {
        return index;
    }

    @Override
    public String toString() {
        return "bit " + index;
    }
}
