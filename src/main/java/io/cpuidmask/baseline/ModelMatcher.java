package io.cpuidmask.baseline;

import io.cpuidmask.catalog.CpuModel;
import io.cpuidmask.catalog.CpuMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Picks the named CPU model for a feature set in the manner of libvirt's x86 decoder for a guest
 * CPU: among the models libvirt may use for guests ({@code decode guest='on'}) that suit the
 * vendor, the one whose feature list differs from the set in the fewest features (model features
 * to disable plus set features to add), walking from the newest model so ties go to the newer.
 * It decides on features alone; {@code virsh cpu-baseline} also prefers the models named in its
 * input, so its model can differ.
 */
public final class ModelMatcher {

    private final CpuMap cpuMap;

    public ModelMatcher(CpuMap cpuMap) {
        this.cpuMap = cpuMap;
    }

    /** libvirt's choice: may need some of the model's features disabled. */
    public Optional<ModelMatch> closest(String vendor, Set<String> libvirtFeatures) {
        return pick(vendor, libvirtFeatures, m -> true);
    }

    /** The closest model that needs nothing disabled: runs as it is on every host with the set. */
    public Optional<ModelMatch> runnable(String vendor, Set<String> libvirtFeatures) {
        return pick(vendor, libvirtFeatures, m -> libvirtFeatures.containsAll(m.features()));
    }

    private Optional<ModelMatch> pick(String vendor, Set<String> have, Predicate<CpuModel> allowed) {
        List<CpuModel> models = cpuMap.models();
        ModelMatch best = null;
        int bestScore = Integer.MAX_VALUE;
        for (int i = models.size() - 1; i >= 0; i--) {
            CpuModel m = models.get(i);
            if (!m.decodeGuest() || !m.suitsVendor(vendor) || !allowed.test(m)) {
                continue;
            }
            Set<String> missing = new TreeSet<>(m.features());
            missing.removeAll(have);
            Set<String> extra = new TreeSet<>(have);
            extra.removeAll(m.features());
            int score = missing.size() + extra.size();
            if (score < bestScore) {
                best = new ModelMatch(m.name(), new ArrayList<>(missing), new ArrayList<>(extra));
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }
}
