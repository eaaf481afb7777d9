package io.cpuidmask.profile.dump;

import io.cpuidmask.catalog.CpuMap;
import io.cpuidmask.catalog.LibvirtFeature;
import io.cpuidmask.facts.Feature;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Register values from libvirt feature names (libvirt's XML, KubeVirt's node labels) through the
 * shipped CPU map: every register of the kept leaves in which libvirt names at least one bit, each
 * named bit set or clear as the source says, and, per register, the bits the names cannot tell
 * (no libvirt name for them, as the feature catalogue defines them for the vendor). AMD's copies of
 * leaf 1 EDX bits in 0x80000001 EDX follow the leaf 1 bit.
 */
final class LibvirtFeatureBits {

    /** The values (undetermined bits as 0) and, per register, the names of the bits that are undetermined. */
    record Bits(Map<RegisterKey, Integer> values, Map<RegisterKey, List<String>> undetermined) {

        /**
         * One comment line per register {@code source} cannot fully determine, and one warning
         * naming them all, as the /proc/cpuinfo importer says it.
         */
        void describe(String file, int line, String source, List<String> notes, List<InputError> warnings) {
            if (undetermined.isEmpty()) {
                return;
            }
            undetermined.forEach((k, names) -> notes.add(k.label() + " is not fully determined by " + source + ": no"
                    + " name for " + String.join(", ", names) + " (written as 0)."));
            warnings.add(new InputError(file, line, source + " cannot fully determine " + String.join(", ",
                    undetermined.keySet().stream().map(RegisterKey::label).toList())
                    + "; those bits are written as 0 and listed in the profile comment"));
        }
    }

    /** A catalogue bit libvirt has no name for, and the leaf 1 EDX bit it copies on AMD (or null). */
    private record Unnamed(Feature feature, Feature original) {
    }

    /** What does not depend on the host: the libvirt features of the kept leaves and the bits libvirt does not name. */
    private record Plan(List<LibvirtFeature> named, List<Unnamed> unnamed) {
    }

    // One plan per map, catalogue and vendor: a fleet of thousands of nodes has one or two.
    private static final Map<List<Object>, Plan> PLANS = new ConcurrentHashMap<>();

    private LibvirtFeatureBits() {
    }

    /**
     * @param present   whether the source says the host has a libvirt feature
     * @param untold    libvirt features whose absence the source cannot tell (written as 0, listed)
     */
    static Bits convert(CpuMap map, FeatureCatalog catalog, String vendor, Predicate<String> present,
                        Predicate<LibvirtFeature> untold) {
        Plan plan = PLANS.computeIfAbsent(List.of(map, catalog, vendor == null ? "" : vendor),
                k -> plan(map, catalog, vendor));
        Map<RegisterKey, Integer> values = new TreeMap<>();
        Map<RegisterKey, List<String>> undetermined = new TreeMap<>();
        for (LibvirtFeature f : plan.named()) {
            values.putIfAbsent(f.key(), 0);
            if (present.test(f.name())) {
                values.merge(f.key(), 1 << f.bit(), (a, b) -> a | b);
            } else if (untold.test(f)) {
                undetermined.computeIfAbsent(f.key(), k -> new ArrayList<>())
                        .add(catalog.nameOf(f.key(), f.bit(), vendor));
            }
        }
        for (Unnamed u : plan.unnamed()) {
            Feature c = u.feature();
            LibvirtFeature source = u.original() == null ? null
                    : map.featureAt(u.original().getKey(), u.original().getBit()).orElse(null);
            if (source != null && (!untold.test(source) || present.test(source.name()))) {
                values.merge(c.getKey(), ((values.getOrDefault(AmdCopies.STD_EDX, 0) >>> c.getBit()) & 1) << c.getBit(),
                        (a, b) -> a | b);
            } else {
                undetermined.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(c.getName());
            }
        }
        return new Bits(values, undetermined);
    }

    private static Plan plan(CpuMap map, FeatureCatalog catalog, String vendor) {
        Set<List<Long>> kept = new HashSet<>();
        for (CoveredLeaves.Leaf l : CoveredLeaves.COVERED) {
            kept.add(List.of(l.leaf(), (long) l.subleaf()));
        }
        List<LibvirtFeature> named = new ArrayList<>();
        Set<RegisterKey> keys = new HashSet<>();
        for (LibvirtFeature f : map.features()) {
            if (kept.contains(List.of(f.key().leaf(), (long) f.key().subleaf()))) {
                named.add(f);
                keys.add(f.key());
            }
        }
        List<Unnamed> unnamed = new ArrayList<>();
        for (Feature c : catalog.features()) {
            if (!c.isReserved() && keys.contains(c.getKey()) && (vendor == null || c.appliesTo(vendor))
                    && map.featureAt(c.getKey(), c.getBit()).isEmpty()) {
                unnamed.add(new Unnamed(c, AmdCopies.original(catalog, c)));
            }
        }
        return new Plan(List.copyOf(named), List.copyOf(unnamed));
    }
}
