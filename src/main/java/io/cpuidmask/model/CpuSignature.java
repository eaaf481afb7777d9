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

    /**
     * Leaf 1 EAX for a display family, model and stepping (the inverse of {@link #decode}, with the
     * processor type bits 13:12 as 0), as /proc/cpuinfo and libvirt's {@code <signature>} give them.
     * Throws IllegalArgumentException when no EAX decodes to them.
     */
    public static int encode(int family, int model, int stepping) {
        if (family < 0 || family > 0xF + 0xFF || model < 0 || model > 0xFF || stepping < 0 || stepping > 0xF) {
            throw new IllegalArgumentException("out of range");
        }
        int baseFamily = Math.min(family, 0xF);
        int extFamily = family >= 0xF ? family - 0xF : 0;
        boolean extModel = baseFamily == 6 || baseFamily == 0xF;
        if (!extModel && model > 0xF) {
            throw new IllegalArgumentException("model above 15 needs family 6 or 15+");
        }
        return extFamily << 20 | (extModel ? (model >> 4) << 16 : 0) | baseFamily << 8 | (model & 0xF) << 4 | stepping;
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
