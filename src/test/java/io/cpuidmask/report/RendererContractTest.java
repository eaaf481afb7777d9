package io.cpuidmask.report;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every output format against its golden file: the seed check (profiles/seed, every shipped guest,
 * the shipped rules) at a fixed time, rendered exactly as the command line writes it. A change to
 * any format shows up here as a diff to review. When a change is meant, regenerate the files with
 * {@code mvn -q test -Dtest=RendererContractTest -Dgolden.update=true} and review {@code git diff}.
 * The report carries placeholders for the version and the rules' SHA-256, so that editing a rule or
 * releasing does not touch every golden file.
 */
class RendererContractTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static Report seed;

    @BeforeAll
    static void checkTheSeed() throws Exception {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
        Report r = new CheckRun(FeatureCatalogs.shipped(), fixed).run(new CheckRequest(List.of(Path.of("profiles/seed")),
                List.of(), List.of(Path.of("rules")), Path.of("rules/masks")));
        assertTrue(r.inputErrors().isEmpty(), r.inputErrors()::toString);
        // Placeholders for what changes with every release and rule edit.
        seed = new Report("VERSION", r.generatedAt(), "RULES-SHA256", r.ruleFiles(), r.rules(), r.inputs(), r.clusters(),
                r.inputErrors(), r.inputWarnings(), r.ruleFolders().stream()
                        .map(f -> new Report.RuleFolder(f.folder(), f.kind(), "FOLDER-SHA256")).toList());
    }

    @ParameterizedTest
    @EnumSource(Renderers.Format.class)
    void rendersTheSeedAsItsGoldenFile(Renderers.Format format) throws IOException {
        assertGolden(Renderers.forFormat(format, FeatureCatalogs.shipped(), false), "seed." + format.name());
    }

    /** {@code check --verbose}: every finding in full (the text summary is seed.text). */
    @Test
    void rendersTheSeedVerboseTextAsItsGoldenFile() throws IOException {
        assertGolden(new TextReportRenderer(FeatureCatalogs.shipped(), new TextReportRenderer.Options(true, null, null)),
                "seed.text-verbose");
    }

    /**
     * The settings of the managers the seed's 2006 hosts are too old for (KubeVirt calls their models
     * obsolete) on a cluster of Nehalem, Sandy Bridge and Haswell hosts (profiles/intel-mixed).
     */
    @ParameterizedTest
    @EnumSource(value = Renderers.Format.class, names = {"nova", "kubevirt"})
    void rendersIntelMixedAsItsGoldenFile(Renderers.Format format) throws Exception {
        Report r = HypervisorRenderersTest.check("profiles/intel-mixed", "linux-64");
        Report placeholders = new Report("VERSION", r.generatedAt(), "RULES-SHA256", r.ruleFiles(), r.rules(), r.inputs(),
                r.clusters(), r.inputErrors(), r.inputWarnings());
        assertGolden(Renderers.forFormat(format, FeatureCatalogs.shipped(), false), placeholders, "intel-mixed." + format.name());
    }

    private static void assertGolden(ReportRenderer renderer, String name) throws IOException {
        assertGolden(renderer, seed, name);
    }

    private static void assertGolden(ReportRenderer renderer, Report report, String name) throws IOException {
        String format = name;
        StringWriter out = new StringWriter();
        try (Writer safe = SafeText.filter(out)) {
            renderer.render(report, safe);
        }
        // Some formats end lines as the system does: compare with line feeds.
        String actual = out.toString().replace("\r\n", "\n");
        Path golden = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.isRegularFile(golden), golden + " missing: run with -Dgolden.update=true and review it");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8).replace("\r\n", "\n"), actual,
                format + " differs from " + golden + " (if meant: -Dgolden.update=true, then review git diff)");
    }
}
