package io.cpuidmask.catalog;

import io.cpuidmask.facts.Feature;
import io.cpuidmask.facts.FeatureCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * A host's x86-64 micro-architecture level (the psABI levels of docs/DOMAIN.md (what the rules warn about)), computed
 * strictly from the catalogue's {@code level} data: level N needs every feature of levels 1..N,
 * LM included, so a CPU without LM is {@code none}.
 *
 * <p>Two rules go beyond the data:
 * <ul>
 *   <li>LM implies SYSCALL. Intel CPUs set SYSCALL (0x80000001 EDX bit 11) only when CPUID runs in
 *       64-bit mode, so dumps taken by 32-bit programs show it clear on CPUs that have it; every
 *       CPU with long mode has SYSCALL/SYSRET in 64-bit mode.</li>
 *   <li>Unknown registers make the result a lower bound. A feature known to be absent decides the
 *       level exactly; when the next level is missed only because some of its registers are
 *       unknown, the level is the highest one proven, written {@code x86-64-v2+}. When not even
 *       v1 is proven (say LM's register is unknown) the level is {@code unknown}.</li>
 * </ul>
 *
 * @param level   0 (none, or nothing proven) to 4
 * @param exact   false when the level is only a lower bound
 * @param missing features whose register is unknown and that kept the next level from being proven
 */
public record X86Level(int level, boolean exact, List<String> missing) {

    private static final String LM = "LM";
    private static final String SYSCALL = "SYSCALL";

    public X86Level {
        if (level < 0 || level > 4) {
            throw new IllegalArgumentException("x86-64 level " + level + " is not in 0..4");
        }
        missing = List.copyOf(missing);
    }

    /** The level of a decoded host; {@code vendor} picks the catalogue entries that apply. */
    public static X86Level of(FeatureCatalog catalog, DecodedFeatures decoded, String vendor) {
        int top = catalog.features().stream().mapToInt(Feature::getLevel).max().orElse(0);
        boolean longMode = decoded.has(LM);
        for (int n = 1; n <= top; n++) {
            boolean absent = false;
            List<String> unknown = new ArrayList<>();
            for (Feature f : catalog.features()) {
                if (f.getLevel() != n || f.isReserved() || !f.appliesTo(vendor)
                        || decoded.has(f) || (longMode && SYSCALL.equals(f.getName()))) {
                    continue;
                }
                if (decoded.knows(f)) {
                    absent = true;
                } else {
                    unknown.add(f.getName());
                }
            }
            if (absent) {
                return new X86Level(n - 1, true, List.of());
            }
            if (!unknown.isEmpty()) {
                return new X86Level(n - 1, false, unknown);
            }
        }
        return new X86Level(top, true, List.of());
    }

    /** {@code none}, {@code x86-64-v1}..{@code x86-64-v4}, a lower bound {@code x86-64-v2+}, or {@code unknown}. */
    public String label() {
        if (level == 0) {
            return exact ? "none" : "unknown";
        }
        return "x86-64-v" + level + (exact ? "" : "+");
    }

    @Override
    public String toString() {
        return label();
    }
}
