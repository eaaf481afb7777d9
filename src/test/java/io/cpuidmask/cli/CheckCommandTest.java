package io.cpuidmask.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a user and a CI script see it: output, files and exit codes. */
class CheckCommandTest {

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

    private Path profiles() throws IOException {
        Path dir = tmp.resolve("profiles");
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Files.createDirectories(dir);
        for (String h : new String[] {"esx-a.yaml", "esx-b.yaml"}) {
            Files.copy(Path.of("profiles/seed", h), dir.resolve(h));
        }
        return dir;
    }

    @Test
    void helpListsCommandsOptionsAndExitCodes() {
        Run top = run("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("check"), top.out());
        assertTrue(top.out().contains("Exit codes:"), top.out());
        Run check = run("check", "--help");
        for (String s : new String[] {"--guest", "--rules", "--catalog", "--format", "--out", "--fail-on", "3"}) {
            assertTrue(check.out().contains(s), s + " missing from\n" + check.out());
        }
    }

    @Test
    void seedDefaultRunPrintsTextAndWritesJsonMdHtml() throws IOException {
        Path out = tmp.resolve("reports");
        Run r = run("check", profiles().toString(), "--guest", "windows", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s)seed: 2 hosts, GenuineIntel \\(esx-a.lab, esx-b.lab\\)\n  windows  RISKY .*"), r.out());
        assertTrue(r.out().contains("hides SSE3, DTES64, DS_CPL"), r.out());
        for (String f : new String[] {"report.json", "report.md", "report.html"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(3, files.count(), "only the three reports, no temporary files left");
        }
    }

    @Test
    void verbosePrintsTheMasksAsVmxLines() throws IOException {
        Run r = run("check", profiles().toString(), "--guest", "windows", "--format", "text", "--verbose");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("cpuid.1.ecx = \"----:----:----:----:----:----:---0:-0-0\""), r.out());
        assertTrue(r.out().contains("== cluster seed, guest windows: RISKY"), r.out());
    }

    @Test
    void failingClusterExitsOne() throws IOException {
        Run r = run("check", profiles().toString(), "--guest", "windows-64", "--out", tmp.resolve("o").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("FAIL"));
    }

    @Test
    void failOnWarningTurnsRiskyIntoExitOne() throws IOException {
        Run r = run("check", profiles().toString(), "--guest", "windows", "--fail-on", "warning", "--format", "json",
                "--out", tmp.resolve("o").toString());
        assertEquals(1, r.code());
    }

    @Test
    void badProfileAmongGoodOnesIsListedAndExitsThree() throws IOException {
        Path dir = profiles();
        Files.writeString(dir.resolve("broken.yaml"), "host: broken\ncpuid:\n  - leaf: 0x1\n    ecx: 00004400\n");
        Path out = tmp.resolve("o");
        Run r = run("check", dir.toString(), "--guest", "windows", "--format", "json", "--out", out.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("broken.yaml:4: 00000001.ecx: register value '00004400' is bare digits"), r.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(1, json.get("clusters").size());
        assertEquals(2, json.get("clusters").get(0).get("hosts").size());
        assertEquals("RISKY", json.get("clusters").get(0).get("status").asText());
        assertTrue(json.get("inputErrors").get(0).get("file").asText().endsWith("broken.yaml"));
        assertEquals(4, json.get("inputErrors").get(0).get("line").asInt());
    }

    @Test
    void duplicateHostNamesAcrossFilesAreAnInputError() throws IOException {
        Path dir = profiles();
        Files.copy(dir.resolve("esx-a.yaml"), dir.resolve("esx-a-copy.yaml"));
        Run r = run("check", dir.toString(), "--guest", "windows", "--format", "text", "--out", tmp.resolve("o").toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("duplicate host name 'esx-a.lab'"), r.err());
    }

    @Test
    void unknownGuestAndBadOptionsAreUsageErrors() throws IOException {
        assertEquals(2, run("check", profiles().toString(), "--guest", "beos").code());
        assertEquals(2, run("check", "--format", "pdf").code());
        assertEquals(2, run("check", "--fail-on", "never").code());
        assertEquals(2, run("frobnicate").code());
        Run none = run();
        assertEquals(2, none.code(), none.err());
    }

    @Test
    void missingInputPathIsAnInputError() {
        Run r = run("check", tmp.resolve("nope").toString(), "--guest", "windows", "--format", "text");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("no such file or folder"), r.err());
    }

    @Test
    void brokenRulesExitThreeWithFileAndLine() throws IOException {
        Path rules = tmp.resolve("rules");
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("bad.drl"), "package x\nrule \"r\" @id(\"r\")\nwhen\n  Nonsense(\nthen\nend\n");
        Run r = run("check", profiles().toString(), "--rules", rules.toString(), "--format", "text");
        assertEquals(3, r.code());
        assertTrue(r.err().matches("(?s).*bad\\.drl:\\d+: .*"), r.err());
    }

    @Test
    void outUnderAFileIsExitThreeWithOneMessage() throws IOException {
        Path blocker = tmp.resolve("file");
        Files.writeString(blocker, "not a folder");
        Path sub = blocker.resolve("sub");
        Run r = run("check", profiles().toString(), "--guest", "windows", "--format", "json", "--out", sub.toString());
        assertEquals(3, r.code());
        assertEquals(sub.toString().replace('\\', '/') + ": cannot create the folder for the reports: "
                + blocker.toString().replace('\\', '/') + " is a file\n", r.err());
    }

    @Test
    void outNamingAFileIsExitThreeSaidOnceBeforeTheCheck() throws IOException {
        Path file = Files.writeString(tmp.resolve("somefile"), "not a folder");
        // the default formats: text on stdout and three files, each of which would fail
        Run r = run("check", profiles().toString(), "--guest", "windows", "--out", file.toString());
        assertEquals(3, r.code());
        assertEquals(file.toString().replace('\\', '/') + ": cannot write the reports here: it is a file, not a folder\n", r.err());
        assertEquals("", r.out(), "nothing checked: the mistake is said before the check runs");
        assertEquals("not a folder", Files.readString(file));
    }

    @Test
    void outNeedsNoFolderForTextAlone() throws IOException {
        Path file = Files.writeString(tmp.resolve("somefile"), "not a folder");
        Run r = run("check", profiles().toString(), "--guest", "windows", "--format", "text", "--out", file.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void outDashWritesTheOneFormatToStdoutAndNothingElse() throws IOException {
        Run r = run("check", profiles().toString(), "--guest", "windows", "--format", "json", "--out", "-");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("RISKY", json.get("clusters").get(0).get("status").asText());
        assertEquals("", r.err(), "no 'wrote' line: nothing was written");
        assertFalse(Files.exists(Path.of("-")), "no folder named '-'");
        Run sarif = run("check", profiles().toString(), "--guest", "windows", "--format", "sarif", "--out", "-");
        assertEquals("2.1.0", new ObjectMapper().readTree(sarif.out()).get("version").asText());
    }

    @Test
    void outDashTakesExactlyOneFileFormat() throws IOException {
        String[][] wrong = {{}, {"--format", "text"}, {"--format", "json", "--format", "text"}, {"--format", "json", "--format", "md"}};
        for (String[] formats : wrong) {
            List<String> args = new ArrayList<>(List.of("check", profiles().toString(), "--guest", "windows", "--out", "-"));
            args.addAll(List.of(formats));
            Run r = run(args.toArray(String[]::new));
            assertEquals(2, r.code(), args + ": " + r.err());
            assertEquals("", r.out(), args.toString());
            assertTrue(r.err().startsWith("cpuidmask check: --out - writes one report format to stdout"), r.err());
        }
        assertFalse(Files.exists(Path.of("-")));
    }

    @Test
    void failedWriteLeavesThePreviousReportIntact() throws IOException {
        Path out = tmp.resolve("o");
        assertEquals(0, run("check", profiles().toString(), "--guest", "windows", "--format", "json", "--out", out.toString()).code());
        String before = Files.readString(out.resolve("report.json"));
        Path dir = profiles();
        Files.writeString(dir.resolve("esx-a.yaml"), Files.readString(dir.resolve("esx-a.yaml")).replace("esx-a.lab", "renamed"));
        out.toFile().setWritable(false);
        try {
            Run r = run("check", dir.toString(), "--guest", "windows", "--format", "json", "--out", out.toString());
            if (!"root".equals(System.getProperty("user.name"))) {
                assertEquals(3, r.code());
                assertEquals(before, Files.readString(out.resolve("report.json")));
            }
        } finally {
            out.toFile().setWritable(true);
        }
        assertFalse(before.contains("renamed"));
    }
}
