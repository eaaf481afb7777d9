package io.cpuidmask.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.cli.Main;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Text taken from input is shown, never interpreted, in every markup format. */
class OutputEscapingTest {

    private static final String EVIL = "<script>alert(1)</script>|*x*&\"'";

    @TempDir
    Path tmp;

    private String render(ReportRenderer r) throws Exception {
        Files.writeString(tmp.resolve("a.yaml"), "host: \"" + EVIL.replace("\"", "\\\"") + "\"\ncluster: \"c<b>\"\n"
                + "cpuid:\n  - leaf: 0x1\n    ecx: 0x0000641d\n");
        Files.writeString(tmp.resolve("b.yaml"), "host: b\ncluster: \"c<b>\"\ncpuid:\n  - leaf: 0x1\n    ecx: 0x00004400\n");
        Report report = new CheckRun(FeatureCatalogs.shipped(), Clock.systemUTC()).run(new CheckRequest(
                List.of(tmp), List.of("windows"), List.of(Path.of("rules")), Path.of("rules/masks")));
        StringWriter w = new StringWriter();
        r.render(report, w);
        return w.toString();
    }

    @Test
    void htmlEscapesHostAndClusterNames() throws Exception {
        String html = render(new HtmlReportRenderer(FeatureCatalogs.shipped()));
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
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        String sarif = render(new SarifReportRenderer());
        new ObjectMapper().readTree(sarif);
        assertTrue(sarif.contains("\"version\" : \"2.1.0\""));
    }

    /**
     * The nastiest names that can reach a report: host, cluster and description of a profile, a dump
     * whose file name becomes its host name, and a broken file whose name carries a line break, a
     * terminal escape and a right-to-left override. Every format through the real command line.
     */
    @Test
    void everyFormatEscapesHostileNamesFromProfilesDumpsAndFileNames() throws Exception {
        String longName = "L".repeat(5000);
        String host = "</script><img src=x onerror=alert(1)>]]>\"'&gnp.exe|*x*[l](http://e)`c`" + longName;
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("a.yaml"), "host: \"" + host.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"\ncluster: \"c</script>]]>&'x\"\ndescription: \"<b>bold</b> ]]> &amp;\"\n"
                + "cpuid:\n  - leaf: 0x1\n    ecx: 0x0000641d\n");
        Files.writeString(in.resolve("b.yaml"), "host: b\ncluster: \"c</script>]]>&'x\"\ncpuid:\n  - leaf: 0x1\n    ecx: 0x00004400\n");
        String dumpName = "dump\u001b[31m\u202e<i>&]]>\".vmware.txt";
        Files.copy(Path.of("src/test/resources/dumps/esx-b.vmware.txt"), in.resolve(dumpName));
        String badName = "bad\n# Injected\n<script>\u001b]0;title\u0007\u202e.yaml";
        Files.writeString(in.resolve(badName), "host: [\n");
        Path out = tmp.resolve("out");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = Main.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true),
                "check", in.toString(), in.resolve(dumpName).toString(), "--guest", "windows", "--out", out.toString(),
                "--format", "text", "--format", "json", "--format", "md", "--format", "html", "--format", "junit",
                "--format", "sarif", "--format", "nova", "--format", "kubevirt");
        assertTrue(code == 3, () -> "exit " + code + "\n" + stderr);
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("stdout", stdout.toString());
        outputs.put("stderr", stderr.toString());
        for (String f : List.of("report.json", "report.md", "report.html", "report.junit.xml", "report.sarif",
                "report.nova.conf", "report.kubevirt.yaml")) {
            outputs.put(f, Files.readString(out.resolve(f)));
        }
        outputs.forEach((name, text) -> {
            for (char c : new char[] {'\u001b', '\u0007', '\u202e'}) {
                assertTrue(text.indexOf(c) < 0, () -> name + " contains raw U+" + Integer.toHexString(c));
            }
            // In line-oriented outputs a line break from input must not start a line (in XML and JSON it is data).
            if (List.of("stdout", "stderr", "report.md", "report.nova.conf", "report.kubevirt.yaml").contains(name)) {
                assertFalse(text.lines().anyMatch(l -> l.startsWith("# Injected") || l.startsWith("<script>")),
                        name + ": a line break in a file name started a line of its own");
            }
        });
        assertEquals(1, stderr.toString().lines().filter(l -> l.contains("Injected")).count(), stderr::toString);
        for (String f : List.of("report.nova.conf", "report.kubevirt.yaml")) {
            // Names reach the settings files only as comments.
            assertTrue(outputs.get(f).lines().filter(l -> l.contains("script")).allMatch(l -> l.startsWith("# ")), f);
            assertTrue(outputs.get(f).contains(longName), f + " cut the long host name");
        }
        for (String f : List.of("report.md", "report.html")) {
            // Markdown code spans show their content literally (file names are quoted that way).
            String t = f.endsWith(".md") ? outputs.get(f).replaceAll("`[^`\n]*`", "") : outputs.get(f);
            assertFalse(t.contains("<img") || t.contains("<i>") || t.contains("<b>") || t.contains("</script>")
                    || t.contains("<script>"), f + " lets input markup through");
            assertTrue(outputs.get(f).contains(longName), f + " cut the long host name");
        }
        assertFalse(outputs.get("report.md").contains("](http"), "Markdown link from input");
        DocumentBuilderFactory xf = DocumentBuilderFactory.newInstance();
        Document junit = xf.newDocumentBuilder().parse(out.resolve("report.junit.xml").toFile());
        assertTrue(junit.getDocumentElement().getTextContent().contains("Injected")
                || outputs.get("report.junit.xml").contains("Injected"), "input error listed in JUnit XML");
        ObjectMapper om = new ObjectMapper();
        JsonNode json = om.readTree(outputs.get("report.json"));
        assertTrue(json.findValuesAsText("host").contains(host), "JSON keeps the host name exactly");
        om.readTree(outputs.get("report.sarif"));
    }
}
