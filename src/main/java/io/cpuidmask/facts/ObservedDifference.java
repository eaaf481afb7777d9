package io.cpuidmask.facts;

/**
 * An observation: the hosts of a cluster that report this register differ in this bit (hosts that
 * do not report it are not counted), and the mask set's default mask has {@code defaultChar} there.
 * Whether it is a difference at all is policy: rule {@code compare-reported-registers} derives a
 * {@link DifferingBit} from it. One fact per bit keeps rules from scanning all 32 bits of every register.
 */
public final class ObservedDifference extends CheckBit {

    public ObservedDifference(RegisterCheck check, int bit) {
        super(check, bit);
    }

    @Override
    public String toString() {
        return getCheck() + " observed to differ at bit " + getBit() + " (" + getDefaultChar() + ")";
    }
}
