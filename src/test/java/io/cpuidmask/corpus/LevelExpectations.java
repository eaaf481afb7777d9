package io.cpuidmask.corpus;

import io.cpuidmask.yaml.SafeYaml;
import io.cpuidmask.yaml.TextFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The test data {@code libcpuid-levels.yaml}: how libcpuid names levels, the rule it applies, and
 * the dumps where its level and the strict level are known to differ, each with the reason.
 *
 * @param ia32Levels   libcpuid's level names for CPUs without long mode (cpuidmask: none)
 * @param lastFeatures the one feature per level libcpuid tests, v1 first
 */
record LevelExpectations(List<String> ia32Levels, List<String> lastFeatures, List<Disagreement> disagreements) {

    static final String RESOURCE = "/io/cpuidmask/corpus/libcpuid-levels.yaml";

    /** @param lacks the features between the two levels that the CPU does not have */
    record Disagreement(String file, String cpu, String libcpuid, String strict, List<String> lacks, String reason) {
    }

    static LevelExpectations load() throws Exception {
        String text;
        try (InputStream in = LevelExpectations.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing");
            }
            text = TextFiles.decode(in.readAllBytes());
        }
        Map<?, ?> root = (Map<?, ?>) SafeYaml.readAll(text).get(0).data();
        List<Disagreement> disagreements = ((List<?>) root.get("disagreements")).stream()
                .map(o -> (Map<?, ?>) o)
                .map(m -> new Disagreement(s(m, "file"), s(m, "cpu"), s(m, "libcpuid"), s(m, "strict"),
                        strings(m.get("lacks")), s(m, "reason")))
                .toList();
        return new LevelExpectations(strings(root.get("ia32Levels")), strings(root.get("libcpuidLastFeatures")),
                disagreements);
    }

    Optional<Disagreement> disagreementFor(String file) {
        return disagreements.stream().filter(d -> d.file().equals(file)).findFirst();
    }

    /** libcpuid's level line in cpuidmask's terms: the IA-32 names become none. */
    String asCpuidmaskLevel(String libcpuidLevel) {
        return ia32Levels.contains(libcpuidLevel) ? "none" : libcpuidLevel;
    }

    private static List<String> strings(Object o) {
        return ((List<?>) o).stream().map(Object::toString).map(String::trim).toList();
    }

    private static String s(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null || v.toString().isBlank()) {
            throw new IllegalStateException(RESOURCE + ": disagreement entry without " + key + ": " + m);
        }
        return v.toString().trim();
    }
}
