package io.cpuidmask.facts;

import java.util.Objects;

/**
 * Derived by risk.drl: a feature whose code paths Linux user space (glibc ifunc resolvers,
 * glibc-hwcaps, language runtimes) selects once at process start-up.
 */
public final class StartupSelected {

    private final String feature;

    public StartupSelected(String feature) {
        this.feature = Objects.requireNonNull(feature);
    }

    public String getFeature() { return feature; }

    @Override
    public boolean equals(Object o) {
        return o instanceof StartupSelected s && s.feature.equals(feature);
    }

    @Override
    public int hashCode() {
        return feature.hashCode();
    }
}
