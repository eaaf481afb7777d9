package io.cpuidmask.facts;

/**
 * Derived by the masking rules: the custom mask puts '0' on this bit for the guests of this mask set;
 * {@code defaultChar} is the default mask's character it had (R or H).
 */
public final class HiddenBit extends CheckBit {

    public HiddenBit(RegisterCheck check, int bit) {
        super(check, bit);
    }

    @Override
    public String toString() {
        return getMaskSet() + " hides " + getKey().label() + " bit " + getBit();
    }
}
