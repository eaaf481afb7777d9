package io.cpuidmask.report;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.Waiver;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every output format on every scenario of {@link ReportFixtures} against its golden file
 * {@code golden/<format>/<scenario>.<extension of the format's file>}, rendered as the command line
 * writes it (through {@link SafeText}), so a change to any format shows up as a diff to review. The
 * formats are {@link Renderers.Format}'s, read from the enum, so a new one joins by itself: its
 * golden files are missing until made. When a change is meant, regenerate with
 * {@code mvn -q test -Dtest=RendererContractTest -Dgolden.update=true} and review {@code git diff}.
 */
class RendererContractTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    /** Formats whose files are documents (a line break from input is data there, never a line of its own). */
    private static final Set<String> DOCUMENTS = Set.of("json", "html", "junit", "sarif", "libvirt");

    private static final Map<String, Report> REPORTS = new LinkedHashMap<>();

    /** One way of rendering: a {@code --format}, or the text summary with {@code --verbose}. */
    record Variant(String name, Supplier<ReportRenderer> renderer) {

        /** {@code golden/qemu/seed.txt}: the extension of the file the format writes ({@code txt} for stdout). */
        Path golden(String scenario) {
            String file = renderer.get().fileName();
            String ext = file == null ? "txt" : file.substring(file.lastIndexOf('.') + 1);
            return GOLDEN.resolve(name).resolve(scenario + "." + ext);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Variant> variants() {
        List<Variant> v = new ArrayList<>();
        for (Renderers.Format f : Renderers.Format.values()) {
            v.add(new Variant(f.name(), () -> Renderers.forFormat(f, FeatureCatalogs.shipped(), false)));
        }
        v.add(new Variant("text-verbose", () -> new TextReportRenderer(FeatureCatalogs.shipped(),
                new TextReportRenderer.Options(true, null, null))));
        return v;
    }

    static Stream<Arguments> everyVariantAndScenario() {
        return variants().stream().flatMap(v -> ReportFixtures.scenarios().keySet().stream().map(s -> Arguments.of(v, s)));
    }

    @BeforeAll
    static void buildTheScenarios() {
        ReportFixtures.scenarios().forEach((name, report) -> REPORTS.put(name, report.get()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVariantAndScenario")
    void rendersAsItsGoldenFile(Variant variant, String scenario) throws IOException {
        String actual = render(variant, scenario);
        Path golden = variant.golden(scenario);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.isRegularFile(golden), () -> golden + " is missing for format " + variant + ", scenario "
                + scenario + ": make it with -Dgolden.update=true and review it");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8).replace("\r\n", "\n"), actual,
                variant + " " + scenario + " differs from " + golden + " (if meant: -Dgolden.update=true, then review git diff)");
    }

    /** A golden file no format and scenario makes is a leftover of a renamed or dropped one. */
    @Test
    void everyGoldenFileBelongsToAFormatAndScenario() throws IOException {
        Set<Path> expected = new TreeSet<>();
        variants().forEach(v -> ReportFixtures.scenarios().keySet().forEach(s -> expected.add(v.golden(s))));
        try (Stream<Path> files = Files.walk(GOLDEN)) {
            List<Path> stray = files.filter(Files::isRegularFile).filter(f -> !expected.contains(f)).toList();
            assertEquals(List.of(), stray, "golden files of no format and scenario: delete them");
        }
    }

    /** Every report format (not the settings files, which carry no findings) shows each waiver's reason and expiry. */
    @Test
    void reportFormatsShowWaivedFindingsAsWaived() {
        List<Waiver> waivers = REPORTS.get("waived").clusters().stream().flatMap(c -> c.findings().stream())
                .filter(Finding::isWaived).map(Finding::getWaiver).distinct().toList();
        assertEquals(2, waivers.size(), "the waived scenario has two active waivers");
        for (Variant v : variants()) {
            if (v.renderer().get() instanceof SettingsRenderer) {
                continue;
            }
            String out = render(v, "waived");
            for (Waiver w : waivers) {
                assertTrue(out.contains(w.getReason()) && out.contains(w.getExpires().toString()),
                        () -> v + " does not show the waiver " + w + " with its reason and expiry");
            }
        }
    }

    /**
     * No terminal control or bidi override reaches any file; outside documents (where a line break
     * is data) a line break or carriage return from input starts no line.
     */
    @Test
    void hostileTextIsShownNeverObeyed() {
        for (Variant v : variants()) {
            String out = render(v, "hostile");
            for (char c : new char[] {'\u001b', '\u0007', '\u202e'}) {
                assertTrue(out.indexOf(c) < 0, () -> v + " contains raw U+" + Integer.toHexString(c));
            }
            if (!DOCUMENTS.contains(v.name().replace("-verbose", ""))) {
                assertTrue(out.indexOf('\r') < 0, () -> v + " contains a raw carriage return");
                assertFalse(out.lines().anyMatch(l -> l.startsWith("# Injected") || l.startsWith("<b>")),
                        () -> v + ": a line break from input started a line of its own:\n" + out);
            }
        }
    }

    /** The format's output as the command line writes it, lines ended with line feeds. */
    private static String render(Variant variant, String scenario) {
        StringWriter out = new StringWriter();
        try (Writer safe = SafeText.filter(out)) {
            variant.renderer().get().render(REPORTS.get(scenario), safe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().replace("\r\n", "\n");
    }
}
