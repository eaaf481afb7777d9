package io.cpuidmask.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cpuidmask explain} as a user and a script see it. */
class ExplainCommandTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    static JsonNode json(Run r) throws IOException {
        return new ObjectMapper().readTree(r.out());
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void jsonHasTheShapeOfIssueThree() throws IOException {
        Run r = run("explain", "profiles/seed", "profiles/intel-mixed/hsw-e5-2660v3.yaml", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = json(r);
        assertEquals(List.of("hosts", "differences"), fieldNames(root));
        JsonNode hosts = root.get("hosts");
        assertEquals(3, hosts.size());
        assertEquals(List.of("esx-a.lab", "esx-b.lab", "hsw-e5-2660v3.dc1"),
                List.of(hosts.get(0).get("host").asText(), hosts.get(1).get("host").asText(), hosts.get(2).get("host").asText()));
        JsonNode hsw = hosts.get(2);
        assertEquals(List.of("host", "file", "vendor", "family", "model", "stepping", "level", "features"), fieldNames(hsw));
        assertEquals("profiles/intel-mixed/hsw-e5-2660v3.yaml", hsw.get("file").asText());
        assertEquals("GenuineIntel", hsw.get("vendor").asText());
        assertEquals(6, hsw.get("family").asInt());
        assertEquals(63, hsw.get("model").asInt());
        assertEquals(2, hsw.get("stepping").asInt());
        assertEquals("x86-64-v3", hsw.get("level").asText());
        JsonNode sse3 = hsw.get("features").get(0);
        assertEquals(List.of("name", "aliases", "leaf", "subleaf", "register", "bit", "userMode"), fieldNames(sse3));
        assertEquals("SSE3", sse3.get("name").asText());
        assertTrue(sse3.get("aliases").toString().contains("\"pni\""), sse3.toString());
        assertEquals("00000001", sse3.get("leaf").asText());
        assertEquals(0, sse3.get("subleaf").asInt());
        assertEquals("ecx", sse3.get("register").asText());
        assertEquals(0, sse3.get("bit").asInt());
        assertTrue(sse3.get("userMode").asBoolean());
        JsonNode esxA = hosts.get(0);
        assertTrue(esxA.get("family").isNull(), "the seed gives no leaf 1 EAX");
        assertEquals("x86-64-v1", esxA.get("level").asText());
        assertEquals("none", hosts.get(1).get("level").asText());
    }

    @Test
    void featuresAreInLeafSubleafRegisterBitOrder() throws IOException {
        JsonNode features = json(run("explain", "profiles/amd-epyc-milan-genoa/epyc-9654.yaml", "--format", "json"))
                .get("hosts").get(0).get("features");
        String previous = "";
        for (JsonNode f : features) {
            String position = f.get("leaf").asText() + "/" + f.get("subleaf").asInt() + "/" + f.get("register").asText()
                    + "/" + String.format("%02d", f.get("bit").asInt());
            assertTrue(position.compareTo(previous) > 0, position + " after " + previous);
            previous = position;
        }
        assertTrue(previous.startsWith("80000008/0/ebx"), previous);
    }

    @Test
    void differencesListWhoHasAFeatureAndWhoLacksIt() throws IOException {
        Run r = run("explain", "profiles/intel-mixed", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode avx2 = null;
        for (JsonNode d : json(r).get("differences")) {
            assertEquals(List.of("feature", "leaf", "subleaf", "register", "bit", "presentOn", "absentOn"), fieldNames(d));
            assertTrue(d.get("presentOn").size() > 0 && d.get("absentOn").size() > 0, d.toString());
            if (d.get("feature").asText().equals("AVX2")) {
                avx2 = d;
            }
        }
        assertTrue(avx2 != null, "AVX2 differs between Haswell and Nehalem/Sandy Bridge");
        assertEquals("00000007", avx2.get("leaf").asText());
        assertEquals("ebx", avx2.get("register").asText());
        assertEquals(5, avx2.get("bit").asInt());
        assertEquals("[\"hsw-e5-2660v3.dc1\"]", avx2.get("presentOn").toString());
        assertEquals("[\"nhm-e5520.dc1\",\"snb-e5-2687w.dc1\"]", avx2.get("absentOn").toString());
    }

    @Test
    void identicalHostsHaveNoDifferences() throws IOException {
        Path copy = tmp.resolve("copy.yaml");
        Files.writeString(copy, Files.readString(Path.of("profiles/amd-epyc-naples-rome/epyc-7551p.yaml"))
                .replace("host: epyc-7551p.dc2", "host: twin"));
        Run r = run("explain", "profiles/amd-epyc-naples-rome/epyc-7551p.yaml", copy.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, json(r).get("differences").size());
    }

    @Test
    void textShowsEachHostAndTheMatrix() {
        Run r = run("explain", "profiles/seed");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("== esx-a.lab (profiles/seed/esx-a.yaml)"), r.out());
        assertTrue(r.out().contains("level:     x86-64-v1"), r.out());
        assertTrue(r.out().contains("level:     none"), r.out());
        assertTrue(r.out().contains("signature: unknown (leaf 1 EAX not given)"), r.out());
        assertTrue(r.out().matches("(?s).*\\n  SSE3 +00000001\\.ecx +0  x \\.\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\n  LM +80000001\\.edx +29  x \\.\\n.*"), r.out());
        for (String line : r.out().split("\n")) {
            assertTrue(line.length() <= 100, "line too long for a terminal: " + line);
        }
    }

    @Test
    void textSaysWhenALevelIsOnlyALowerBound() throws IOException {
        Path p = tmp.resolve("partial.yaml");
        Files.writeString(p, """
                host: partial
                vendor: GenuineIntel
                cpuid:
                  - leaf: 0x00000001
                    eax: 0x000306f2
                    ecx: 0x7ffefbff
                    edx: 0xbfebfbff
                  - leaf: 0x80000001
                    ecx: 0x00000021
                    edx: 0x2c100000
                """);
        Run text = run("explain", p.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("level:     x86-64-v2+ (lower bound: BMI1, AVX2, BMI2 not known)"), text.out());
        assertTrue(text.out().contains("signature: family 0x6 (6), model 0x3F (63), stepping 2"), text.out());
        assertEquals("x86-64-v2+", json(run("explain", p.toString(), "--format", "json")).get("hosts").get(0).get("level").asText());
    }

    @Test
    void badProfileAmongGoodOnesIsReportedAndTheRestExplained() throws IOException {
        Path dir = tmp.resolve("p");
        Files.createDirectories(dir);
        Files.copy(Path.of("profiles/seed/esx-a.yaml"), dir.resolve("esx-a.yaml"));
        Files.writeString(dir.resolve("broken.yaml"), "host: broken\ncpuid:\n  - leaf: 0x1\n    ecx: 00004400\n");
        Run r = run("explain", dir.toString(), "--format", "json");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("broken.yaml:4: "), r.err());
        assertEquals(1, json(r).get("hosts").size());
        assertEquals("esx-a.lab", json(r).get("hosts").get(0).get("host").asText());
    }

    @Test
    void missingPathIsAnInputError() {
        Run r = run("explain", tmp.resolve("nope").toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("no such file or folder"), r.err());
    }

    @Test
    void usageErrors() {
        assertEquals(2, run("explain").code(), "PATH is required");
        assertEquals(2, run("explain", "profiles/seed", "--format", "html").code());
        assertEquals(2, run("explain", "--frobnicate", "profiles/seed").code());
    }

    @Test
    void helpListsExplain() {
        assertTrue(run("--help").out().contains("explain"));
        Run help = run("explain", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--format"), help.out());
        assertTrue(help.out().contains("x86-64-v2+"), help.out());
    }
}
