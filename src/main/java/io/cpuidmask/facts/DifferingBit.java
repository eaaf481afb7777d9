package io.cpuidmask.facts;

/**
 * Derived (rule {@code compare-reported-registers}): the hosts of a cluster differ in this bit of
 * a register they all report, and the mask set's default mask has {@code defaultChar} there. Other
 * rules decide what that means (hide it, report it).
 */
public final class DifferingBit extends CheckBit {

    public DifferingBit(RegisterCheck check, int bit) {
        super(check, bit);
    }

    @Override
    public String toString() {
        return getCheck() + " differs at bit " + getBit() + " (" + getDefaultChar() + ")";
    }
}
