package io.cpuidmask.model;

import java.util.Optional;

/**
 * The processor signature of leaf 1 EAX, decoded as docs/DOMAIN.md (CPUID in brief) says: display family is
 * family + extended family when family is 0xF; display model is (extended model << 4) + model
 * when family is 6 or 0xF.
 *
 * @param family   display family
 * @param model    display model
 * @param stepping stepping id
 */
public record CpuSignature(int family, int model, int stepping) {

    public static final RegisterKey LEAF1_EAX = RegisterKey.of(1, Register.EAX);

    public static CpuSignature decode(int eax) {
        int stepping = eax & 0xF;
        int model = eax >>> 4 & 0xF;
        int family = eax >>> 8 & 0xF;
        int extModel = eax >>> 16 & 0xF;
        int extFamily = eax >>> 20 & 0xFF;
        int displayFamily = family == 0xF ? family + extFamily : family;
        int displayModel = family == 0x6 || family == 0xF ? (extModel << 4) + model : model;
        return new CpuSignature(displayFamily, displayModel, stepping);
    }

    /** The host's signature, when its leaf 1 EAX is known. */
    public static Optional<CpuSignature> of(HostProfile host) {
        var eax = host.value(LEAF1_EAX);
        return eax.isPresent() ? Optional.of(decode(eax.getAsInt())) : Optional.empty();
    }

    /** {@code family 0x19 (25), model 0x11 (17), stepping 1}. */
    @Override
    public String toString() {
        return String.format("family 0x%X (%d), model 0x%X (%d), stepping %d", family, family, model, model, stepping);
    }
}
