package io.cpuidmask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 3 part 3, text side: the summary names the features behind every bit it mentions. */
class TextSummaryNamesTest {

    @TempDir
    Path tmp;

    private ExplainCommandTest.Run check(String profiles, String guest) {
        return ExplainCommandTest.run("check", profiles, "--guest", guest, "--format", "text", "--out", tmp.toString());
    }

    @Test
    void hiddenBitsAndBlockersAreNamed() {
        ExplainCommandTest.Run r = check("profiles/seed", "windows-64");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("# hides SSE3, CX16"), r.out());
        assertTrue(r.out().contains("differs, no mask fixes: LM (80000001.edx bit 29)"), r.out());
    }

    @Test
    void identityBitsAreNamedByFieldAndUncomparedOnesLeftOut() {
        ExplainCommandTest.Run r = check("profiles/amd-epyc", "linux-64");
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
