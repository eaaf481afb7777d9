package io.cpuidmask.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 3 part 3, text side: the verbose text names the features behind every bit it mentions. */
class TextSummaryNamesTest {

    @TempDir
    Path tmp;

    private ExplainCommandTest.Run check(String profiles, String guest) {
        return ExplainCommandTest.run("check", profiles, "--guest", guest, "--format", "text", "--verbose",
                "--out", tmp.resolve("out").toString());
    }

    @Test
    void hiddenBitsAndBlockersAreNamed() {
        ExplainCommandTest.Run r = check("profiles/seed", "windows-64");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("# hides SSE3, CX16"), r.out());
        assertTrue(r.out().matches("(?s).*\\n   differs, no mask fixes: [^\\n]*LM \\(80000001\\.edx bit 29\\)[^\\n]*\\n.*"), r.out());
    }

    @Test
    void identityBitsAreNamedByFieldAndUncomparedOnesLeftOut() throws IOException {
        // Zen 1 (family 0x17) and Zen 4 (family 0x19) in one cluster
        Path dir = tmp.resolve("mixed");
        Files.createDirectories(dir);
        for (String p : new String[] {"amd-epyc-naples-rome/epyc-7551p.yaml", "amd-epyc-milan-genoa/epyc-9654.yaml"}) {
            Path from = Path.of("profiles", p);
            Files.writeString(dir.resolve(from.getFileName()),
                    Files.readString(from).replaceAll("(?m)^cluster: .*$", "cluster: mixed"));
        }
        ExplainCommandTest.Run r = check(dir.toString(), "linux-64");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("differs, no mask fixes: extFamily (00000001.eax bits 27:20)"), r.out());
        // stepping differs too, but the default mask has X there: nothing compares it
        assertFalse(r.out().contains("stepping (00000001.eax"), r.out());
    }

    @Test
    void maskedClusterHasNoBlockerLine() {
        ExplainCommandTest.Run r = check("profiles/seed", "windows");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("differs, no mask fixes"), r.out());
    }
}
