package io.cpuidmask.facts;

import io.cpuidmask.model.MaskChar;
import io.cpuidmask.model.RegisterKey;
import java.util.Objects;

/**
 * One bit of one {@link RegisterCheck} (a cluster's mask set and register): what the bit facts have in
 * common. Equal when of the same type about the same mask set, register and bit.
 */
public abstract class CheckBit {

    private final RegisterCheck check;
    private final int bit;
    /** Made once: truth maintenance hashes every derived bit, and there are tens of thousands. */
    private final int hash;

    protected CheckBit(RegisterCheck check, int bit) {
        if (bit < 0 || bit > 31) {
            throw new IllegalArgumentException("bit " + bit + " is not in 0..31");
        }
        this.check = Objects.requireNonNull(check, "check");
        this.bit = bit;
        this.hash = Objects.hash(getClass(), check.getMaskSet(), check.getKey(), bit);
    }

    public RegisterCheck getCheck() { return check; }
    public MaskSet getMaskSet() { return check.getMaskSet(); }
    public String getCluster() { return check.getCluster(); }
    public RegisterKey getKey() { return check.getKey(); }
    public int getBit() { return bit; }
    /** The default mask's character at this bit. */
    public MaskChar getDefaultChar() { return check.defaultAt(bit); }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((CheckBit) o).hash == hash && ((CheckBit) o).bit == bit
                && ((CheckBit) o).getMaskSet().equals(getMaskSet()) && ((CheckBit) o).getKey().equals(getKey());
    }

    @Override
    public final int hashCode() {
        return hash;
    }
}
