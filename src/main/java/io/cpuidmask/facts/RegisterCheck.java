package io.cpuidmask.facts;

import io.cpuidmask.model.MaskChar;
import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.RegisterKey;
import java.util.List;
import java.util.Objects;

/**
 * One register of a mask set (the default masks some of a cluster's guests share), observed across
 * the cluster: the default mask and which bits the hosts agree or differ on. An observation only:
 * rules decide what to do about it.
 */
public final class RegisterCheck {

    private final MaskSet maskSet;
    private final RegisterKey key;
    private final MaskString defaultMask;
    private final String source;
    private final List<String> missingOn;
    private final int differing;
    private final int setOnAll;
    private final int setOnAny;
    private final int requiredBits;
    private final int forbiddenBits;

    public RegisterCheck(MaskSet maskSet, RegisterKey key, MaskString defaultMask, String source,
                         List<String> missingOn, int setOnAll, int setOnAny) {
        this.maskSet = Objects.requireNonNull(maskSet, "maskSet");
        this.key = key;
        this.defaultMask = defaultMask;
        this.source = source;
        this.missingOn = List.copyOf(missingOn);
        this.setOnAll = setOnAll;
        this.setOnAny = setOnAny;
        this.differing = setOnAll ^ setOnAny;
        this.requiredBits = defaultMask.bitsWith(MaskChar.T);
        this.forbiddenBits = defaultMask.bitsWith(MaskChar.F);
    }

    /** The default mask has T at this bit: the guest needs the host to have it. */
    public boolean requires(int bit) {
        return (requiredBits >>> bit & 1) != 0;
    }

    /** The default mask has F at this bit: the guest needs the host not to have it. */
    public boolean forbids(int bit) {
        return (forbiddenBits >>> bit & 1) != 0;
    }

    /** Bitmap of the T bits of the default mask. */
    public int getRequiredBits() { return requiredBits; }
    /** Bitmap of the F bits of the default mask. */
    public int getForbiddenBits() { return forbiddenBits; }

    /** True when some of the hosts that report the register have the bit set and others clear. */
    public boolean differsAt(int bit) {
        return (differing >>> bit & 1) != 0;
    }

    public MaskChar defaultAt(int bit) {
        return defaultMask.at(bit);
    }

    public boolean setOnAllAt(int bit) {
        return (setOnAll >>> bit & 1) != 0;
    }

    public boolean setOnAnyAt(int bit) {
        return (setOnAny >>> bit & 1) != 0;
    }

    /** Every host of the cluster reports this register, so it can be compared. */
    public boolean isComparable() {
        return missingOn.isEmpty();
    }

    public MaskSet getMaskSet() { return maskSet; }
    public String getCluster() { return maskSet.getCluster(); }
    public RegisterKey getKey() { return key; }
    public MaskString getDefaultMask() { return defaultMask; }
    public String getSource() { return source; }
    /** Hosts that do not report this register (their value is unknown). */
    public List<String> getMissingOn() { return missingOn; }
    /** Bitmap of the bits on which the hosts that report the register differ. */
    public int getDiffering() { return differing; }

    @Override
    public String toString() {
        return maskSet + " " + key.label();
    }
}
