package io.cpuidmask.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Results on stdout, diagnostics (what was written, progress, warnings, errors) on stderr, in
 * every command: a script can pipe the results and still see the diagnostics.
 */
class StreamsTest {

    @TempDir
    Path tmp;

    private static CheckCommandTest.Run run(String... args) {
        return CheckCommandTest.run(args);
    }

    @Test
    void checkPrintsTheTextOnStdoutAndWhatItWroteOnStderr() {
        CheckCommandTest.Run r = run("check", "profiles/seed", "--guest", "windows", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("seed"), r.out());
        assertFalse(r.out().contains("wrote "), r.out());
        assertTrue(r.err().contains("wrote " + tmp.resolve("report.json").toString().replace('\\', '/')), r.err());
    }

    @Test
    void checkWithOnlyFileFormatsPrintsNothingOnStdout() {
        CheckCommandTest.Run r = run("check", "profiles/seed", "--guest", "windows", "--format", "json", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("wrote "), r.err());
    }

    @Test
    void explainAndBaselinePrintResultsOnStdoutAndErrorsOnStderr() throws Exception {
        // (baseline's text also lists the input errors, as every report does: a script reading stdout sees them)
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "host: x\ncpuid: 3\n");
        for (String command : new String[] {"explain", "baseline"}) {
            CheckCommandTest.Run r = run(command, "profiles/seed", bad.toString());
            assertEquals(3, r.code(), command + ": " + r.err());
            assertTrue(r.out().contains("esx-a.lab"), command + ": " + r.out());
            assertTrue(r.err().contains("bad.yaml:2"), command + ": " + r.err());
        }
    }

    @Test
    void importPrintsWhatItWroteOnStderr() {
        CheckCommandTest.Run r = run("import", "src/test/resources/dumps/esx-a.vmware.txt", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("wrote "), r.err());
    }

    @Test
    void snapshotPrintsItsSourceAndWhatItWroteOnStderr() {
        CheckCommandTest.Run r = run("snapshot", "--source", "cpuinfo", "--host", "here", "--out", tmp.toString());
        Assumptions.assumeTrue(r.code() == 0, "no /proc/cpuinfo here: " + r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("source: /proc/cpuinfo"), r.err());
        assertTrue(r.err().contains("wrote "), r.err());
    }

    @Test
    void estatePrintsWhatItWroteOnStderr() {
        CheckCommandTest.Run r = run("estate", "--hosts", "4", "--clusters", "2", "--out", tmp.resolve("e").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("wrote 4 hosts in 2 clusters"), r.err());
    }

    @Test
    void rulesListAndVerifyPrintResultsOnStdout() {
        CheckCommandTest.Run list = run("rules", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("long-mode-missing"), list.out());
        assertEquals("", list.err());
        CheckCommandTest.Run verify = run("rules", "verify");
        assertEquals(0, verify.code(), verify.err());
        assertTrue(verify.out().matches("(?s).*\\d+ passed, 0 failed\\s*"), verify.out());
        assertEquals("", verify.err());
    }
}
