package io.cpuidmask.catalog;

import io.cpuidmask.facts.Feature;
import io.cpuidmask.model.RegisterKey;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one host's CPUID says about the catalogue's features.
 *
 * @param present  features whose bit is set and that mean that feature on the host's vendor,
 *                 in leaf/subleaf/register/bit order; reserved bits are never features
 * @param unknown  catalogue registers the profile does not give (neither present nor absent)
 */
public record DecodedFeatures(List<Feature> present, List<RegisterKey> unknown) {

    /** Leaf, subleaf, register, then bit: the order every listing of features uses. */
    public static final Comparator<Feature> ORDER = Comparator.comparing(Feature::getKey)
            .thenComparingInt(Feature::getBit);

    public DecodedFeatures {
        present = present.stream().sorted(ORDER).toList();
        unknown = unknown.stream().sorted().distinct().toList();
    }

    public boolean has(Feature f) {
        return present.contains(f);
    }

    /** Whether the feature's register is known, so that "not present" means absent. */
    public boolean knows(Feature f) {
        return !unknown.contains(f.getKey());
    }

    public boolean has(String canonicalName) {
        return present.stream().anyMatch(f -> f.getName().equals(canonicalName));
    }

    public Set<String> names() {
        return present.stream().map(Feature::getName).collect(Collectors.toUnmodifiableSet());
    }
}
