package io.cpuidmask.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpuidmask.catalog.FeatureCatalog;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text taken from input is shown, never interpreted, in every markup format. */
class OutputEscapingTest {

    private static final String EVIL = "<script>alert(1)</script>|*x*&\"'";

    @TempDir
    Path tmp;

    private String render(ReportRenderer r) throws Exception {
        Files.writeString(tmp.resolve("a.yaml"), "host: \"" + EVIL.replace("\"", "\\\"") + "\"\ncluster: \"c<b>\"\n"
                + "cpuid:\n  - leaf: 0x1\n    ecx: 0x0000641d\n");
        Files.writeString(tmp.resolve("b.yaml"), "host: b\ncluster: \"c<b>\"\ncpuid:\n  - leaf: 0x1\n    ecx: 0x00004400\n");
        Report report = new CheckRun(FeatureCatalog.shipped(), Clock.systemUTC()).run(new CheckRequest(
                List.of(tmp), List.of("windows"), List.of(Path.of("rules")), Path.of("rules/masks")));
        StringWriter w = new StringWriter();
        r.render(report, w);
        return w.toString();
    }

    @Test
    void htmlEscapesHostAndClusterNames() throws Exception {
        String html = render(new HtmlReportRenderer(FeatureCatalog.shipped()));
        assertFalse(html.contains("<script>"), "raw script tag in HTML");
        assertFalse(html.contains("c<b>"));
        assertTrue(html.contains("&lt;script&gt;"));
        assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "no external assets");
    }

    @Test
    void markdownEscapesHostNames() throws Exception {
        String md = render(new MarkdownReportRenderer());
        assertFalse(md.contains("<script>"));
        assertTrue(md.contains("&lt;script&gt;"));
        assertTrue(md.contains("\\|"), "pipes escaped so tables stay intact");
    }

    @Test
    void junitAndSarifAreWellFormed() throws Exception {
        String xml = render(new JUnitReportRenderer(true));
        assertFalse(xml.contains("<script>"));
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        f.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)));
        String sarif = render(new SarifReportRenderer());
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(sarif);
        assertTrue(sarif.contains("\"version\" : \"2.1.0\""));
    }
}
