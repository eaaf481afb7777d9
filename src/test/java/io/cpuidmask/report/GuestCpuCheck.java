package io.cpuidmask.report;

import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.catalog.CpuMap;
import io.cpuidmask.baseline.FeatureBit;
import io.cpuidmask.baseline.FeatureBits;
import io.cpuidmask.baseline.HypervisorCpus;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Judges a guest CPU as a hypervisor built it (CPUID words, as QEMU reports them over QMP or as
 * libvirt's CPU map expands a {@code <cpu>}) against the hosts of its cluster: no bit some host
 * lacks (a host that does not report the register lacks it), beyond the bits every hypervisor sets
 * itself; and every feature all hosts have that the settings say the guest keeps.
 */
final class GuestCpuCheck {

    /** CPUID.1:ECX.hypervisor: every hypervisor sets it; no bare-metal host does. */
    static final RegisterKey LEAF1_ECX = RegisterKey.of(1, Register.ECX);

    private GuestCpuCheck() {
    }

    /** Bits of the covered registers that the guest has and some host lacks, described. */
    static List<String> bitsSomeHostLacks(Map<RegisterKey, Integer> guest, List<HostProfile> hosts, String vendor) {
        Set<RegisterKey> covered = new HashSet<>();
        new FeatureBits(FeatureCatalogs.shipped(), CpuMap.shipped(), vendor).all().forEach(b -> covered.add(b.key()));
        List<String> problems = new ArrayList<>();
        guest.forEach((key, value) -> {
            if (!covered.contains(key)) {
                return;
            }
            for (int bit = 0; bit < 32; bit++) {
                if ((value >>> bit & 1) == 0 || key.equals(LEAF1_ECX) && bit == 31) {
                    continue;
                }
                for (HostProfile h : hosts) {
                    OptionalInt v = h.value(key);
                    boolean implied = key.leaf() == 0x8000_0001L && key.register() == Register.EDX && bit == 11
                            && v.isPresent() && (v.getAsInt() >>> 29 & 1) != 0; // LM implies SYSCALL
                    if (v.isEmpty() || (v.getAsInt() >>> bit & 1) == 0 && !implied) {
                        problems.add(key.label() + " bit " + bit + " (" + FeatureCatalogs.shipped().nameOf(key, bit, vendor)
                                + "), which " + h.host() + (v.isEmpty() ? " does not report" : " lacks"));
                        break;
                    }
                }
            }
        });
        return problems;
    }

    /** Common features the guest should keep (per the settings' own account) but lacks. */
    static List<String> commonFeaturesMissing(Map<RegisterKey, Integer> guest, ClusterBaseline b, Set<FeatureBit> leftOut) {
        List<String> missing = new ArrayList<>();
        for (FeatureBit f : b.commonFeatures()) {
            if (leftOut.contains(f) || HypervisorCpus.automatic(f)) {
                continue;
            }
            Integer v = guest.get(f.key());
            if (v == null || (v >>> f.bit() & 1) == 0) {
                missing.add(f.name() + " (" + f.key().label() + " bit " + f.bit() + ")");
            }
        }
        return missing;
    }
}
