package io.cpuidmask.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Colour as a person at a terminal gets it: the packaged jar run on a pseudo-terminal (util-linux
 * {@code script}) colours verdicts by itself, and not with NO_COLOR set (https://no-color.org) or
 * {@code --color never}; {@code --color always}, a per-run choice, wins over NO_COLOR as
 * no-color.org allows. Skipped, with a message, where {@code script} is missing.
 */
class ColorIT {

    private static final Path JAR = Path.of("target", "cpuidmask.jar");

    @TempDir
    Path dir;

    @BeforeEach
    void needsScript() {
        boolean script = List.of("/usr/bin/script", "/bin/script").stream().anyMatch(p -> Files.isExecutable(Path.of(p)));
        Assumptions.assumeTrue(script, "util-linux 'script' is not installed: no pseudo-terminal to test colour on");
        assertTrue(Files.isRegularFile(JAR), "run after mvn package");
    }

    /** The check's stdout as the terminal shows it. */
    private String onTerminal(Map<String, String> env, String... options) throws IOException, InterruptedException {
        StringBuilder command = new StringBuilder("'" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -jar "
                + JAR + " check profiles/seed --guest linux --guest linux-64 --format text --quiet");
        for (String o : options) {
            command.append(' ').append(o);
        }
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", command.toString(), "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectErrorStream(true);
        pb.environment().remove("NO_COLOR");
        List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "CLICOLOR", "CLICOLOR_FORCE")
                .forEach(pb.environment()::remove);
        pb.environment().put("CPUIDMASK_CACHE", Path.of("target", "rule-cache").toAbsolutePath().toString());
        pb.environment().put("TERM", "xterm");
        pb.environment().putAll(env);
        pb.start().waitFor(); // (the check's exit code, 1: the seed FAILs for linux-64)
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertTrue(out.contains("seed: 2 hosts"), out);
        return out;
    }

    @Test
    void aTerminalGetsColour() throws Exception {
        String out = onTerminal(Map.of());
        assertTrue(out.contains("\u001b[33mRISKY"), out);
        assertTrue(out.contains("\u001b[1m\u001b[31mFAIL"), out);
    }

    @Test
    void noColorOrColorNeverTurnItOff() throws Exception {
        assertFalse(onTerminal(Map.of("NO_COLOR", "1")).contains("\u001b["), "NO_COLOR=1");
        assertFalse(onTerminal(Map.of(), "--color", "never").contains("\u001b["), "--color never");
    }

    @Test
    void colorAlwaysIsTheUsersChoiceOverNoColor() throws Exception {
        assertTrue(onTerminal(Map.of("NO_COLOR", "1"), "--color", "always").contains("\u001b[33mRISKY"));
    }
}
