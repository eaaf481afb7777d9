package io.cpuidmask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the first JVM does with each way the second one can end, the second JVM played by a shell
 * script: only the command's own report of its exit code counts, and a JVM that never reached the
 * command makes the first JVM run it itself and stop trying for this jar and these options.
 */
class FastStartLaunchTest {

    @TempDir
    Path dir;
    private Path cds;

    @BeforeEach
    void posixShell() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        cds = dir.resolve("cds");
    }

    /** A stand-in for java: writes {@code report} (if any) to the result file, then exits with {@code code}. */
    private Path fakeJava(String report, int code) throws IOException {
        String script = "#!/bin/sh\n"
                + "for a in \"$@\"; do case \"$a\" in\n"
                + "  -D" + FastStartLaunch.CHILD_PROPERTY + "=*) result=\"${a#*=}\" ;;\n"
                + "  -XX:ArchiveClassesAtExit=*) dump=\"${a#*=}\" ;;\n"
                + "esac; done\n"
                + (report == null ? "" : "printf '%s' '" + report + "' > \"$result\"\n")
                + "[ -n \"$dump\" ] && printf 'archive' > \"$dump\"\n"
                + "exit " + code + "\n";
        // Under target/, not the temporary folder: that may be mounted without permission to execute.
        Path scripts = Files.createDirectories(Path.of("target", "fake-java"));
        Path java = scripts.resolve("java-" + (report == null ? "none" : report.replace(' ', '-')) + "-" + code);
        Files.writeString(java, script);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        return java;
    }

    private FastStartLaunch launch(Path java) {
        return new FastStartLaunch(java.toString(), List.of("-Xmx64m"), dir.resolve("app.jar"), List.of("check"), cds,
                "key", true);
    }

    @Test
    void theReportedExitCodeIsPassedOnAndTheArchiveKept() throws IOException {
        assertEquals(OptionalInt.of(1), launch(fakeJava("exit 1", 1)).execute());
        assertEquals("archive", Files.readString(cds.resolve("key.jsa")));
        assertEquals("7", Files.readString(cds.resolve("key.jsa.size")));
        // The next run uses it.
        assertEquals(OptionalInt.of(0), launch(fakeJava("exit 0", 0)).execute());
        assertTrue(Files.exists(cds.resolve("key.jsa")));
        assertFalse(launch(fakeJava("exit 0", 0)).disabled());
    }

    @Test
    void aJvmThatNeverReachedTheCommandMeansRunItHereAndStopTrying() throws IOException {
        FastStartLaunch failing = launch(fakeJava(null, 1));
        assertEquals(OptionalInt.empty(), failing.execute());
        assertTrue(failing.disabled());
        assertFalse(Files.exists(cds.resolve("key.jsa")));
    }

    @Test
    void aFailureAfterTheCommandDoesNotChangeItsResult() throws IOException {
        // The check passed (0) but the JVM failed writing the archive at exit (1): 0 it is.
        FastStartLaunch launch = launch(fakeJava("exit 0", 1));
        assertEquals(OptionalInt.of(0), launch.execute());
        assertTrue(launch.disabled(), "no more archive attempts for this key");
        assertFalse(Files.exists(cds.resolve("key.jsa")));
    }

    @Test
    void aCrashWhileUsingAnArchiveDropsIt() throws IOException {
        launch(fakeJava("exit 0", 0)).execute();
        assertTrue(Files.exists(cds.resolve("key.jsa")));
        assertEquals(OptionalInt.of(134), launch(fakeJava("started", 134)).execute());
        assertFalse(Files.exists(cds.resolve("key.jsa")), "rebuilt next time");
        assertFalse(Files.exists(cds.resolve("key.off")));
    }

    @Test
    void aJvmKilledBeforeTheCommandMeansRunItHereWithoutGivingUp() throws IOException {
        // Not this run being stopped (that would have stopped this JVM too): the second JVM alone died.
        FastStartLaunch killed = launch(fakeJava(null, 137));
        assertEquals(OptionalInt.empty(), killed.execute());
        assertFalse(killed.disabled(), "a killed JVM says nothing about the options");
    }

    @Test
    void anInterruptedArchiveBuildDoesNotTurnFastStartOff() throws IOException {
        FastStartLaunch interrupted = launch(fakeJava("started", 3));
        assertEquals(OptionalInt.of(3), interrupted.execute());
        assertFalse(interrupted.disabled());
        assertFalse(Files.exists(cds.resolve("key.jsa")));
    }

    @Test
    void keepsTheMostRecentlyUsedArchivesAndDropsLeftovers() throws IOException {
        Files.createDirectories(cds);
        for (int i = 0; i < 6; i++) {
            Path a = cds.resolve("a" + i + ".jsa");
            Files.write(a, new byte[] {1});
            Files.writeString(Path.of(a + ".size"), "1");
            Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 1000L * (6 - i)));
        }
        Path oldTmp = Files.writeString(cds.resolve("dump-1.tmp"), "x");
        Files.setLastModifiedTime(oldTmp, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
        Path newTmp = Files.writeString(cds.resolve("dump-2.tmp"), "x");
        FastStartLaunch.prune(cds, 4);
        try (var files = Files.list(cds)) {
            assertEquals(List.of("a2.jsa", "a2.jsa.size", "a3.jsa", "a3.jsa.size", "a4.jsa", "a4.jsa.size", "a5.jsa",
                    "a5.jsa.size", "dump-2.tmp"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.exists(newTmp));
    }
}
