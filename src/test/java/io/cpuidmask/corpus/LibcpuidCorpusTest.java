package io.cpuidmask.corpus;

import io.cpuidmask.catalog.DecodedFeatures;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.catalog.FeatureDecoder;
import io.cpuidmask.catalog.X86Level;
import io.cpuidmask.facts.Feature;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.HostProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 3 part 5: the feature catalogue against every real dump in ../shared/corpus/libcpuid.
 * Decoded features must equal libcpuid's own flags for every flag that maps to a covered bit, and
 * the strict x86-64 level must equal libcpuid's, except for the dumps listed, with the reason, in
 * {@code libcpuid-levels.yaml} (libcpuid's level rule is looser than the psABI definition).
 */
class LibcpuidCorpusTest {

    static final Path CORPUS = Path.of("..", "shared", "corpus", "libcpuid");

    static FeatureCatalog catalog;
    static FeatureDecoder decoder;
    static LibcpuidFlagMap flagMap;
    static LevelExpectations levels;

    record Dump(String name, HostProfile host, CorpusDump dump, DecodedFeatures features) {
    }

    @BeforeAll
    static void load() throws Exception {
        catalog = FeatureCatalogs.shipped();
        decoder = new FeatureDecoder(catalog);
        flagMap = LibcpuidFlagMap.load();
        levels = LevelExpectations.load();
    }

    static List<Dump> dumps() throws IOException {
        assumeTrue(Files.isDirectory(CORPUS), "corpus folder " + CORPUS.toAbsolutePath().normalize()
                + " is absent: the libcpuid corpus checks are skipped (they need the shared corpus beside the repository)");
        List<Dump> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CORPUS)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".test")).sorted().toList()) {
                String name = CORPUS.relativize(p).toString().replace('\\', '/');
                CorpusDump dump = CorpusDump.parse(Files.readString(p));
                HostProfile host = dump.profile(name);
                out.add(new Dump(name, host, dump, decoder.decode(host)));
            }
        }
        assertFalse(out.isEmpty(), "no .test files under " + CORPUS);
        return out;
    }

    @TestFactory
    Stream<DynamicTest> decodedFeaturesEqualLibcpuidFlags() throws IOException {
        return dumps().stream().map(d -> DynamicTest.dynamicTest("flags " + d.name(), () -> {
            List<String> problems = new ArrayList<>();
            for (String flag : d.dump().flags()) {
                if (flagMap.flag(flag).isEmpty()) {
                    problems.add("libcpuid prints '" + flag + "', which libcpuid-flags.yaml does not map");
                }
            }
            for (LibcpuidFlagMap.Entry e : flagMap.all()) {
                if (!e.covered() || !e.decodedOn(d.host().vendor())) {
                    continue;
                }
                Feature f = catalog.byName(e.feature()).orElseThrow(() ->
                        new AssertionError("libcpuid-flags.yaml maps " + e.flag() + " to unknown feature " + e.feature()));
                boolean printed = d.dump().flags().contains(e.flag());
                if (!d.features().knows(f)) {
                    if (printed) {
                        problems.add(e.flag() + ": libcpuid prints it but the dump has no " + f.getKey().label());
                    }
                } else if (d.features().has(f) != printed) {
                    problems.add(e.flag() + " (" + f + "): decoded " + (d.features().has(f) ? "present" : "absent")
                            + ", libcpuid " + (printed ? "prints it" : "does not print it"));
                }
            }
            assertTrue(problems.isEmpty(), d.name() + " (" + d.host().vendor() + "):\n  " + String.join("\n  ", problems));
        }));
    }

    @TestFactory
    Stream<DynamicTest> levelEqualsLibcpuidOrIsAKnownDisagreement() throws IOException {
        return dumps().stream().map(d -> DynamicTest.dynamicTest("level " + d.name(), () -> {
            X86Level strict = X86Level.of(catalog, d.features(), d.host().vendor());
            assertTrue(strict.exact(), d.name() + ": a full dump must give an exact level, got " + strict);
            String libcpuid = levels.asCpuidmaskLevel(d.dump().level());
            var known = levels.disagreementFor(d.name());
            if (known.isPresent()) {
                assertEquals(known.get().libcpuid(), libcpuid, d.name() + ": libcpuid's level line");
                assertEquals(known.get().strict(), strict.label(), d.name() + ": strict level");
                assertNotEquals(libcpuid, strict.label(), d.name() + " is listed as a disagreement but agrees");
                assertEquals(Set.copyOf(known.get().lacks()), lacking(d, strict.level(), levelNumber(libcpuid)),
                        d.name() + ": the features between the strict level and libcpuid's that the CPU lacks");
            } else {
                assertEquals(libcpuid, strict.label(), d.name() + ": strict level differs from libcpuid's ("
                        + d.dump().level() + "); if libcpuid's rule explains it, list it in libcpuid-levels.yaml");
            }
        }));
    }

    /** Shows that each listed disagreement comes from libcpuid's rule, not from a decoding error. */
    @TestFactory
    Stream<DynamicTest> libcpuidRuleReproducesItsLevelLine() throws IOException {
        return dumps().stream().map(d -> DynamicTest.dynamicTest("libcpuid rule " + d.name(), () ->
                assertEquals(levels.asCpuidmaskLevel(d.dump().level()), libcpuidRule(d.features()),
                        d.name() + ": the model of libcpuid's level rule")));
    }

    @Test
    void everyListedDisagreementNamesACorpusDump() throws IOException {
        List<String> names = dumps().stream().map(Dump::name).toList();
        for (LevelExpectations.Disagreement d : levels.disagreements()) {
            assertTrue(names.contains(d.file()), "libcpuid-levels.yaml lists " + d.file() + ", which is not in the corpus");
        }
    }

    @Test
    void corpusCoversBothVendorsAndAllLevels() throws IOException {
        List<Dump> all = dumps();
        List<String> found = all.stream()
                .map(d -> X86Level.of(catalog, d.features(), d.host().vendor()).label()).distinct().sorted().toList();
        assertEquals(List.of("none", "x86-64-v1", "x86-64-v2", "x86-64-v3", "x86-64-v4"), found);
        assertTrue(all.stream().anyMatch(d -> Feature.INTEL.equals(d.host().vendor())));
        assertTrue(all.stream().anyMatch(d -> Feature.AMD.equals(d.host().vendor())));
    }

    /** Features of levels above {@code from}, up to {@code to}, that the dump lacks. */
    static Set<String> lacking(Dump d, int from, int to) {
        return catalog.features().stream()
                .filter(f -> f.getLevel() > from && f.getLevel() <= to && !d.features().has(f))
                .map(Feature::getName)
                .collect(Collectors.toSet());
    }

    static int levelNumber(String label) {
        return label.startsWith("x86-64-v") ? Integer.parseInt(label.substring("x86-64-v".length())) : 0;
    }

    /**
     * libcpuid's decode_architecture_version_x86, modelled: without LM an IA-32 level (none here);
     * with LM, level N while the last feature of each list up to N is present.
     */
    static String libcpuidRule(DecodedFeatures features) {
        if (!features.has("LM")) {
            return "none";
        }
        String level = "none";
        for (int i = 0; i < levels.lastFeatures().size(); i++) {
            if (!features.has(levels.lastFeatures().get(i))) {
                break;
            }
            level = "x86-64-v" + (i + 1);
        }
        return level;
    }
}
