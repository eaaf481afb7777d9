package io.cpuidmask.facts;

import io.cpuidmask.model.MaskChar;
import io.cpuidmask.model.RegisterKey;
import java.util.Objects;

/** Derived by the masking rules: the custom mask puts '0' on this bit for this cluster and guest. */
public final class HiddenBit {

    private final ClusterGuest clusterGuest;
    private final RegisterKey key;
    private final int bit;
    private final MaskChar defaultChar;

    public HiddenBit(RegisterCheck check, int bit) {
        this.clusterGuest = check.getClusterGuest();
        this.key = check.getKey();
        this.bit = bit;
        this.defaultChar = check.defaultAt(bit);
    }

    public ClusterGuest getClusterGuest() { return clusterGuest; }
    public RegisterKey getKey() { return key; }
    public int getBit() { return bit; }
    /** The default mask's character this bit had before it was hidden (R or H). */
    public MaskChar getDefaultChar() { return defaultChar; }

    @Override
    public boolean equals(Object o) {
        return o instanceof HiddenBit h && h.clusterGuest.equals(clusterGuest) && h.key.equals(key) && h.bit == bit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterGuest, key, bit);
    }

    @Override
    public String toString() {
        return clusterGuest + " hides " + key.label() + " bit " + bit;
    }
}
