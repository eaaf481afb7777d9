package io.cpuidmask.explain;

import io.cpuidmask.catalog.DecodedFeatures;
import io.cpuidmask.catalog.FeatureDecoder;
import io.cpuidmask.catalog.X86Level;
import io.cpuidmask.facts.Feature;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.CpuSignature;
import io.cpuidmask.model.HostProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** Decodes hosts with the feature catalogue and lines their features up against each other. */
public final class Explainer {

    private final FeatureCatalog catalog;
    private final FeatureDecoder decoder;

    public Explainer(FeatureCatalog catalog) {
        this.catalog = catalog;
        this.decoder = new FeatureDecoder(catalog);
    }

    public Explanation explain(List<HostProfile> hosts) {
        List<HostExplanation> explained = hosts.stream()
                .sorted(Comparator.comparing(HostProfile::host))
                .map(this::explain)
                .toList();
        return new Explanation(explained, differences(explained));
    }

    public HostExplanation explain(HostProfile host) {
        DecodedFeatures features = decoder.decode(host);
        return new HostExplanation(host, CpuSignature.of(host), X86Level.of(catalog, features, host.vendor()), features);
    }

    private static List<FeatureDifference> differences(List<HostExplanation> hosts) {
        TreeSet<Feature> seen = new TreeSet<>(DecodedFeatures.ORDER);
        hosts.forEach(h -> seen.addAll(h.features().present()));
        List<FeatureDifference> out = new ArrayList<>();
        for (Feature f : seen) {
            List<String> present = new ArrayList<>();
            List<String> absent = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            for (HostExplanation h : hosts) {
                if (h.features().has(f)) {
                    present.add(h.name());
                } else if (h.features().knows(f)) {
                    absent.add(h.name());
                } else {
                    unknown.add(h.name());
                }
            }
            if (!absent.isEmpty()) {
                out.add(new FeatureDifference(f, present, absent, unknown));
            }
        }
        return out;
    }
}
