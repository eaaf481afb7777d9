package io.cpuidmask.catalog;

import io.cpuidmask.facts.Feature;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Decodes a host's feature bits with the feature catalogue: a set bit is a feature when the
 * catalogue entry at that position applies to the host's vendor and is not reserved.
 */
public final class FeatureDecoder {

    private final FeatureCatalog catalog;

    public FeatureDecoder(FeatureCatalog catalog) {
        this.catalog = catalog;
    }

    public DecodedFeatures decode(HostProfile host) {
        List<Feature> present = new ArrayList<>();
        List<RegisterKey> unknown = new ArrayList<>();
        for (Feature f : catalog.features()) {
            OptionalInt value = host.value(f.getKey());
            if (value.isEmpty()) {
                unknown.add(f.getKey());
            } else if (!f.isReserved() && f.appliesTo(host.vendor()) && (value.getAsInt() >>> f.getBit() & 1) != 0) {
                present.add(f);
            }
        }
        return new DecodedFeatures(present, unknown);
    }

    public FeatureCatalog catalog() {
        return catalog;
    }
}
