package io.cpuidmask.baseline;

import java.util.Set;

/**
 * A VMware EVC mode with the features it exposes, cumulative over the modes it extends
 * (canonical feature names).
 */
public record EvcMode(String key, String name, String vendor, Set<String> features) {

    public EvcMode {
        features = Set.copyOf(features);
    }
}
