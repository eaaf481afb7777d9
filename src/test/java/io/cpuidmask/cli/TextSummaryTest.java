package io.cpuidmask.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13: the text of {@code check} is for a person. On the shipped profiles and every shipped
 * guest it is a summary of well under 150 lines (it was 1,380), a line per cluster and guest,
 * findings said once per rule and message shape; --verbose has every finding; colour only when
 * asked for or on a terminal.
 */
class TextSummaryTest {

    private static final Pattern SGR = Pattern.compile("\u001b\\[[0-9;]*m");

    @TempDir
    static Path tmp;

    private static CheckCommandTest.Run summary;
    private static JsonNode report;

    @BeforeAll
    static void checkTheShippedProfiles() throws IOException {
        // as the README runs it: `check` from the checkout, default inputs, every guest, default formats
        summary = CheckCommandTest.run("check", "--out", tmp.toString());
        assertEquals(1, summary.code(), summary.err());
        report = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
    }

    /** The text with the column padding taken out (runs of spaces after a word are one space). */
    private static String squeezed(String text) {
        return text.replaceAll("(?<=\\S) {2,}", " ");
    }

    private static List<String> lines(String text) {
        return Arrays.asList(text.split("\n"));
    }

    @Test
    void theSummaryOfTheShippedProfilesIsWellUnder150Lines() {
        int lines = lines(summary.out()).size();
        assertTrue(lines < 120, lines + " lines:\n" + summary.out());
        assertEquals(60, report.get("clusters").size(), "5 clusters, 12 guests");
    }

    @Test
    void eachClusterAndGuestHasOneLineWithVerdictCountsAndWhatTheMaskHides() {
        for (JsonNode c : report.get("clusters")) {
            String guest = c.get("guest").asText();
            String status = c.get("status").asText();
            long matching = lines(summary.out()).stream()
                    .filter(l -> l.matches("  " + Pattern.quote(guest) + " +" + status + " .*")).count();
            assertTrue(matching >= 1, c.get("cluster").asText() + "/" + guest + " " + status + " missing:\n" + summary.out());
        }
        String text = squeezed(summary.out());
        assertTrue(text.contains("\nseed: 2 hosts, GenuineIntel (esx-a.lab, esx-b.lab)\n"
                + "  linux RISKY 1 warning, 1 info hides SSE3\n"), summary.out());
        assertTrue(text.contains("  windows RISKY 1 warning, 1 info hides SSE3, DTES64, DS_CPL\n"), summary.out());
    }

    @Test
    void aFailSaysItsFirstReasons() {
        String text = squeezed(summary.out());
        assertTrue(text.contains("  linux-64 FAIL 1 error, 2 warnings, 1 info hides SSE3, CX16\n"
                + "      ERROR long-mode-missing: host esx-b.lab has no long mode (LM, 0x80000001 EDX bit 29)\n"), summary.out());
        // one error per host group: the nine features esx-a.lab lacks are one finding, cut to eight names
        assertTrue(text.contains("  rhel10-64 FAIL 4 errors, 2 warnings, 1 info hides SSE3, CX16\n"
                + "      ERROR guest-minimum-missing: host esx-a.lab lacks SSSE3, FMA, SSE4_1, SSE4_2, MOVBE, POPCNT, OSXSAVE,"
                + " AVX, ... (9 features), which guest 'rhel10-64' needs to run\n"
                + "      ERROR long-mode-missing: host esx-b.lab has no long mode (LM, 0x80000001 EDX bit 29)\n"
                + "      ... and 2 more errors (--verbose)\n"), summary.out());
    }

    @Test
    void identicalFindingsAreShownOnceWithTheirFeaturesAndGuests() {
        // in intel-mixed, hidden-user-mode-feature lists 15 features in each of the 12 guests: 12 findings, one line
        List<String> group = lines(summary.out()).stream()
                .filter(l -> l.startsWith("  WARNING hidden-user-mode-feature (all 12 guests): hiding XSAVE, RDRAND, ")).toList();
        assertEquals(1, group.size(), summary.out());
        assertTrue(group.get(0).endsWith(", ... (15 features) does not stop user-mode code"), group.get(0));
        assertFalse(summary.out().contains("applications that run CPUID themselves"), "the explanation is in --verbose");
        assertTrue(summary.out().contains("  WARNING linux-hidden-simd (linux, linux-64, rhel10-64, rhel9-64): hiding SSE3 "
                + "from a Linux guest is risky\n"), summary.out());
    }

    @Test
    void theReadmeExampleIsWhatCheckPrints() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String command = "java -jar target/cpuidmask.jar check profiles/seed --guest windows --guest linux-64";
        assertTrue(readme.contains("`" + command + "`"), "README's example command changed");
        String block = readme.substring(readme.indexOf("```text\n", readme.indexOf("`" + command + "`")) + 8);
        block = block.substring(0, block.indexOf("```"));
        CheckCommandTest.Run r = CheckCommandTest.run("check", "profiles/seed", "--guest", "windows", "--guest", "linux-64",
                "--format", "text");
        // the policy's version and SHA-256 change with every release and rule edit
        String policy = "(?m)^rules: .*$";
        assertEquals(block.replaceAll(policy, "rules: ..."), r.out().replaceAll(policy, "rules: ..."));
    }

    @Test
    void verbosePrintsEveryFindingInFull() {
        CheckCommandTest.Run verbose = CheckCommandTest.run("check", "--format", "text", "--verbose");
        int findings = 0;
        for (JsonNode c : report.get("clusters")) {
            findings += c.get("findings").size();
        }
        long printed = lines(verbose.out()).stream().filter(l -> l.matches("   (ERROR  |WARNING|INFO   ) [a-z0-9-]+: .*")).count();
        assertEquals(findings, printed);
        for (JsonNode c : report.get("clusters")) {
            for (JsonNode f : c.get("findings")) {
                assertTrue(verbose.out().contains(f.get("message").asText()), "in full: " + f.get("message").asText());
            }
        }
    }

    @Test
    void minSeverityChoosesWhatIsListedNotWhatIsCounted() {
        CheckCommandTest.Run errors = CheckCommandTest.run("check", "profiles/seed", "--format", "text", "--min-severity", "error");
        assertFalse(errors.out().contains("  WARNING "), errors.out());
        assertTrue(errors.out().contains("      ERROR long-mode-missing"), "a FAIL's reasons are always shown");
        assertTrue(errors.out().contains("15 warnings"), errors.out());
        CheckCommandTest.Run info = CheckCommandTest.run("check", "profiles/seed", "--format", "text", "--min-severity", "info");
        assertTrue(info.out().contains("  INFO    register-not-compared (all 12 guests): registers 00000001.eax, "), info.out());
        CheckCommandTest.Run verbose = CheckCommandTest.run("check", "profiles/seed", "--format", "text", "--verbose",
                "--min-severity", "warning");
        assertFalse(verbose.out().contains("   INFO "), verbose.out());
        assertTrue(verbose.out().contains("   WARNING hidden-user-mode-feature: hiding CX16"), verbose.out());
    }

    @Test
    void noColourUnlessAskedForOrOnATerminal() {
        // stdout is no terminal here: auto means none, as does never
        assertFalse(summary.out().contains("\u001b"), "no escape sequences when stdout is no terminal");
        CheckCommandTest.Run never = CheckCommandTest.run("check", "profiles/seed", "--format", "text", "--color", "never");
        assertFalse(never.out().contains("\u001b"));
        CheckCommandTest.Run always = CheckCommandTest.run("check", "profiles/seed", "--format", "text", "--color", "always");
        assertTrue(always.out().contains("\u001b[1m\u001b[31mFAIL"), always.out());
        assertTrue(always.out().contains("\u001b[33mRISKY"), always.out());
        assertTrue(always.out().contains("\u001b[31mERROR"), always.out());
        assertEquals(never.out(), SGR.matcher(always.out()).replaceAll(""), "colour changes nothing else");
    }

    @Test
    void colouredTextStillShowsControlCharactersFromInputsInsteadOfObeyingThem() throws IOException {
        // profiles refuse control characters in names; a waiver's reason is text that reaches the summary
        Path rules = tmp.resolve("rules");
        try (var files = Files.walk(Path.of("rules"))) {
            for (Path p : files.toList()) {
                Files.copy(p, rules.resolve(Path.of("rules").relativize(p).toString()));
            }
        }
        Files.writeString(rules.resolve("waivers.yaml"), "waivers:\n  - rule: hidden-user-mode-feature\n"
                + "    reason: \"ok\\e]0;pwned\\a\\e[2J\"\n    expires: 2099-01-01\n");
        for (String mode : new String[] {"--min-severity=warning", "--verbose"}) {
            CheckCommandTest.Run r = CheckCommandTest.run("check", "profiles/seed", "--rules", rules.toString(), "--guest", "other",
                    "--format", "text", "--color", "always", mode);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("\u001b[36mMASKED"), r.out());
            String rest = SGR.matcher(r.out()).replaceAll("");
            assertFalse(rest.contains("\u001b") || rest.contains("\u0007"), mode + ": a control character from an input:\n" + r.out());
            assertTrue(rest.contains("ok\\u001b]0;pwned\\u0007\\u001b[2J]"), rest);
        }
    }
}
