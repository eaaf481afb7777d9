package io.cpuidmask.facts;

import io.cpuidmask.model.MaskChar;
import io.cpuidmask.model.RegisterKey;

/**
 * An observation: the hosts of a cluster differ in this bit of a register they all report, and
 * the guest's default mask has {@code defaultChar} there. Rules decide what that means (hide it,
 * report it); one fact per differing bit keeps them from scanning all 32 bits of every register.
 */
public final class DifferingBit {

    private final RegisterCheck check;
    private final int bit;

    public DifferingBit(RegisterCheck check, int bit) {
        this.check = check;
        this.bit = bit;
    }

    public RegisterCheck getCheck() { return check; }
    public ClusterGuest getClusterGuest() { return check.getClusterGuest(); }
    public String getCluster() { return check.getCluster(); }
    public RegisterKey getKey() { return check.getKey(); }
    public int getBit() { return bit; }
    public MaskChar getDefaultChar() { return check.defaultAt(bit); }

    @Override
    public String toString() {
        return check + " differs at bit " + bit + " (" + getDefaultChar() + ")";
    }
}
