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

    private LibvirtFeatureBits() {
    }

    /**
     * @param present   whether the source says the host has a libvirt feature
     * @param untold    libvirt features whose absence the source cannot tell (written as 0, listed)
     */
    static Bits convert(CpuMap map, FeatureCatalog catalog, String vendor, Predicate<String> present,
                        Predicate<LibvirtFeature> untold) {
        Set<List<Long>> kept = new HashSet<>();
        for (CoveredLeaves.Leaf l : CoveredLeaves.COVERED) {
            kept.add(List.of(l.leaf(), (long) l.subleaf()));
        }
        Map<RegisterKey, Integer> values = new TreeMap<>();
        Map<RegisterKey, List<String>> undetermined = new TreeMap<>();
        for (LibvirtFeature f : map.features()) {
            if (!kept.contains(List.of(f.key().leaf(), (long) f.key().subleaf()))) {
                continue;
            }
            values.putIfAbsent(f.key(), 0);
            if (present.test(f.name())) {
                values.merge(f.key(), 1 << f.bit(), (a, b) -> a | b);
            } else if (untold.test(f)) {
                undetermined.computeIfAbsent(f.key(), k -> new ArrayList<>())
                        .add(catalog.nameOf(f.key(), f.bit(), vendor));
            }
        }
        Predicate<Feature> told = o -> map.featureAt(o.getKey(), o.getBit()).filter(lf -> !untold.test(lf)
                || present.test(lf.name())).isPresent();
        for (Feature c : catalog.features()) {
            if (c.isReserved() || !values.containsKey(c.getKey()) || (vendor != null && !c.appliesTo(vendor))
                    || map.featureAt(c.getKey(), c.getBit()).isPresent()) {
                continue;
            }
            Integer copy = AmdCopies.copy(catalog, c, values, told);
            if (copy != null) {
                values.merge(c.getKey(), copy << c.getBit(), (a, b) -> a | b);
            } else {
                undetermined.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(c.getName());
            }
        }
        return new Bits(values, undetermined);
    }
}
