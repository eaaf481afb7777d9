package io.cpuidmask.profile.dump;

import io.cpuidmask.facts.Feature;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.Map;
import java.util.function.Predicate;

/**
 * AMD repeats bits of leaf 1 EDX in 0x80000001 EDX (FPU_AMD, ..., the catalogue's {@code *_AMD}
 * features at the same bit). Sources that name only the leaf 1 bit (Linux flags, libvirt
 * features) still tell the copy.
 */
final class AmdCopies {

    static final RegisterKey AMD_EXT_EDX = RegisterKey.of(0x8000_0001L, Register.EDX);
    static final RegisterKey STD_EDX = RegisterKey.of(1, Register.EDX);

    private AmdCopies() {
    }

    /**
     * The value of {@code f} copied from leaf 1 EDX in {@code values}, when {@code f} is AMD's copy
     * of a leaf 1 EDX bit whose value the source determines ({@code determined}); else null.
     */
    static Integer copy(FeatureCatalog catalog, Feature f, Map<RegisterKey, Integer> values, Predicate<Feature> determined) {
        Feature original = original(catalog, f);
        return original == null || !determined.test(original) ? null : (values.getOrDefault(STD_EDX, 0) >>> f.getBit()) & 1;
    }

    /** The leaf 1 EDX feature that {@code f} is AMD's copy of, or null when it is none. */
    static Feature original(FeatureCatalog catalog, Feature f) {
        if (!f.getKey().equals(AMD_EXT_EDX) || !f.getName().endsWith("_AMD")) {
            return null;
        }
        Feature original = catalog.byName(f.getName().substring(0, f.getName().length() - 4)).orElse(null);
        return original != null && original.getKey().equals(STD_EDX) && original.getBit() == f.getBit() ? original : null;
    }
}
