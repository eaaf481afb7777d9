package io.cpuidmask.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.cli.Main;
import io.cpuidmask.report.HtmlReportRenderer;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limiting hosts as baseline's JSON and text and the HTML report show them. */
class LimitingHostsOutputTest {

    private static String baseline(String... args) {
        StringWriter out = new StringWriter();
        List<String> a = new ArrayList<>(List.of("baseline"));
        a.addAll(List.of(args));
        Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), a.toArray(String[]::new));
        return out.toString();
    }

    @Test
    void jsonEntriesHaveHostsGainsLevelModelAndEvc() throws Exception {
        JsonNode c = new ObjectMapper().readTree(baseline("profiles/intel-mixed", "--format", "json")).get("clusters").get(0);
        assertTrue(c.has("level") && c.has("evc") && !c.has("x86_64Level"), c.toString());
        JsonNode limits = c.get("limitingHosts");
        assertEquals(3, limits.size(), "one entry per CPU kind");
        JsonNode top = limits.get(0);
        List<String> keys = new ArrayList<>();
        top.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("hosts", "gains", "level", "model", "evc"), keys);
        assertEquals("nhm-e5520.dc1", top.get("hosts").get(0).asText());
        assertEquals(c.get("commonFeatures").get(0).size(), top.get("gains").get(0).size(), "gains are shaped as commonFeatures");
        assertEquals("x86-64-v2", top.get("level").asText());
        assertEquals("SandyBridge", top.get("model").get("name").asText());
        assertTrue(top.get("model").has("disable"));
        assertEquals("intel-sandybridge", top.get("evc").get("key").asText());
        assertEquals(0, limits.get(2).get("gains").size(), "a CPU kind whose leaving gains nothing is listed last, empty");
        JsonNode seed = new ObjectMapper().readTree(baseline("profiles/seed", "--format", "json")).get("clusters").get(0);
        assertTrue(seed.get("limitingHosts").get(0).get("evc").isNull());
    }

    @Test
    void textShowsTheTopOfIt() {
        String text = baseline("profiles/intel-mixed");
        assertTrue(text.contains("   without nhm-e5520.dc1: +PCLMULQDQ +SMX +PCID +X2APIC +TSC_DEADLINE +AES +XSAVE +OSXSAVE"
                + " +AVX +PDPE1GB (10); x86-64-v2, SandyBridge, EVC Intel \"Sandy Bridge\" Generation"), text);
        assertFalse(text.contains("without hsw"), "a kind whose leaving gains nothing is not a line of the text");
    }

    @Test
    void htmlDrawsABarPerLimitingKindEscapingNames(@TempDir Path dir) throws Exception {
        String old = "host: \"<b>old</b> & 'x'\"\ncluster: c\nvendor: GenuineIntel\ncpuid:\n  - leaf: 0x00000001\n"
                + "    ecx: 0x00100001\n    edx: 0xbfebfbff\n";
        Files.writeString(dir.resolve("old.yaml"), old);
        // old lacks SSSE3 and SSE4.1, mid lacks SSE4.2, new lacks nothing
        Files.writeString(dir.resolve("new.yaml"), old.replace("<b>old</b> & 'x'", "new").replace("0x00100001", "0x00180201"));
        Files.writeString(dir.resolve("mid.yaml"), old.replace("<b>old</b> & 'x'", "mid").replace("0x00100001", "0x00080201"));
        var report = new CheckRun(FeatureCatalogs.shipped(), Clock.systemUTC()).run(new CheckRequest(List.of(dir),
                List.of("windows", "linux"), List.of(Path.of("rules")), Path.of("rules/masks")));
        StringWriter out = new StringWriter();
        new HtmlReportRenderer(FeatureCatalogs.shipped()).render(report, out);
        String html = out.toString();
        assertEquals(1, html.split("What holds this cluster back", -1).length - 1, "once per cluster, not per guest");
        Matcher bars = Pattern.compile("<text x=\"0\" y=\"15\">without ([^<]*)</text><rect x=\"230\" y=\"3\" width=\"(\\d+)\"")
                .matcher(html);
        List<String> drawn = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        while (bars.find()) {
            drawn.add(bars.group(1));
            widths.add(Integer.parseInt(bars.group(2)));
        }
        // without old: +SSSE3 +SSE4_1; without mid: +SSE4_2; without new: nothing, no bar
        assertEquals(List.of("&lt;b&gt;old&lt;/b&gt; &amp; &#39;x&#39;", "mid"), drawn, html);
        assertEquals(2 * widths.get(1), widths.get(0), "bars as long as the gains");
        assertFalse(html.contains("<b>old"), "names are escaped");
        assertTrue(html.contains("+2: "), html);
    }
}
