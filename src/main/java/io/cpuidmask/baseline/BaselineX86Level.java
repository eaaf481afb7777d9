package io.cpuidmask.baseline;

import io.cpuidmask.catalog.Feature;
import io.cpuidmask.catalog.FeatureCatalog;
import java.util.Set;

/**
 * The x86-64 micro-architecture level (psABI v1-v4, DESIGN.md section 5) a feature set reaches,
 * from the {@code level} field of the feature catalogue. A private helper of {@code baseline}:
 * the {@code explain} branch brings a shared {@code catalog.X86Level}, which should replace it.
 */
final class BaselineX86Level {

    static final int MAX_LEVEL = 4;

    private BaselineX86Level() {
    }

    /** The highest level whose features (and those of every lower level) are all present; 0 if not even v1. */
    static int of(FeatureCatalog catalog, Set<String> presentNames) {
        int reached = 0;
        for (int level = 1; level <= MAX_LEVEL; level++) {
            for (Feature f : catalog.features()) {
                if (f.getLevel() == level && !presentNames.contains(f.getName())) {
                    return reached;
                }
            }
            reached = level;
        }
        return reached;
    }

    /** {@code x86-64-v3}, or {@code none} below v1. */
    static String label(int level) {
        return level == 0 ? "none" : "x86-64-v" + level;
    }
}
