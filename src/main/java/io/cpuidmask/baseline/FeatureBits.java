package io.cpuidmask.baseline;

import io.cpuidmask.catalog.CpuMap;
import io.cpuidmask.catalog.LibvirtFeature;
import io.cpuidmask.facts.Feature;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The feature bits {@code baseline} knows for one vendor: every defined bit of cpuidmask's feature
 * catalogue plus every CPUID bit libvirt's map names (so that the common set can be compared
 * with {@code virsh cpu-baseline} bit for bit), and which of them a host has.
 */
public final class FeatureBits {

    private static final RegisterKey EXT1_EDX = RegisterKey.of(0x8000_0001L, Register.EDX);
    private static final int LM_BIT = 29;
    private static final int SYSCALL_BIT = 11;

    private final List<FeatureBit> bits;

    public FeatureBits(FeatureCatalog catalog, CpuMap cpuMap, String vendor) {
        SortedSet<RegisterKey> keys = new TreeSet<>();
        catalog.features().forEach(f -> keys.add(f.getKey()));
        cpuMap.features().forEach(f -> keys.add(f.key()));
        List<FeatureBit> all = new ArrayList<>();
        for (RegisterKey key : keys) {
            for (int bit = 0; bit < 32; bit++) {
                Optional<Feature> ours = catalog.at(key, bit, vendor);
                Optional<LibvirtFeature> theirs = cpuMap.featureAt(key, bit);
                if (ours.isEmpty() && theirs.isEmpty()) {
                    continue;
                }
                String name = ours.map(Feature::getName)
                        .orElseGet(() -> theirs.get().name().toUpperCase(Locale.ROOT).replace('-', '_'));
                all.add(new FeatureBit(name, key, bit, theirs.map(LibvirtFeature::name).orElse(null)));
            }
        }
        this.bits = List.copyOf(all);
    }

    public List<FeatureBit> all() {
        return bits;
    }

    /**
     * The bits a host has: set in a register whose value is known (absent registers are unknown).
     * LM implies SYSCALL, as {@code explain} and the x86-64 levels decode it: Intel CPUs report
     * SYSCALL (0x80000001 EDX bit 11) only to 64-bit code, so dumps taken by 32-bit programs show it
     * clear on CPUs that have it.
     */
    public SortedSet<FeatureBit> presentOn(HostProfile host) {
        SortedSet<FeatureBit> present = new TreeSet<>();
        OptionalInt ext1 = host.value(EXT1_EDX);
        boolean longMode = ext1.isPresent() && (ext1.getAsInt() >>> LM_BIT & 1) != 0;
        for (FeatureBit b : bits) {
            OptionalInt v = host.value(b.key());
            if (v.isPresent() && ((v.getAsInt() >>> b.bit() & 1) != 0
                    || longMode && b.key().equals(EXT1_EDX) && b.bit() == SYSCALL_BIT)) {
                present.add(b);
            }
        }
        return present;
    }

    /** Registers that carry known bits but whose value the host's profile does not give. */
    public SortedSet<RegisterKey> unknownOn(HostProfile host) {
        SortedSet<RegisterKey> unknown = new TreeSet<>();
        for (FeatureBit b : bits) {
            if (host.value(b.key()).isEmpty()) {
                unknown.add(b.key());
            }
        }
        return unknown;
    }
}
