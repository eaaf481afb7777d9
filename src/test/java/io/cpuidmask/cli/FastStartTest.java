package io.cpuidmask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which command lines fast start takes over, and how it sizes the input (FastStartIT runs the jar itself). */
class FastStartTest {

    @Test
    void takesTheJvmOptionsOfAJarCommandLine() {
        assertEquals(Optional.of(List.of("-Xmx2g", "-Dx=1")), FastStart.jvmOptions(
                List.of("-Xmx2g", "-Dx=1", "-jar", "target/cpuidmask.jar", "check", "profiles"), List.of("check", "profiles")));
        assertEquals(Optional.of(List.of()), FastStart.jvmOptions(
                List.of("-jar", "cpuidmask.jar", "check", "-jar"), List.of("check", "-jar")));
    }

    @Test
    void leavesOtherCommandLinesAlone() {
        assertEquals(Optional.empty(), FastStart.jvmOptions(
                List.of("-cp", "cpuidmask.jar", "io.cpuidmask.cli.Main", "check"), List.of("check")));
        assertEquals(Optional.empty(), FastStart.jvmOptions(
                List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-jar", "c.jar", "check"), List.of("check")),
                "an option whose value is the next argument");
        assertEquals(Optional.empty(), FastStart.jvmOptions(List.of("-jar", "c.jar", "check", "a"), List.of("check", "b")));
    }

    @Test
    void agentsDebuggersRecordingsAndOwnSharingKeepOneJvm() {
        for (String option : List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
                "-javaagent:jacoco.jar", "-XX:StartFlightRecording=filename=r.jfr", "-Xshare:off",
                "-XX:SharedArchiveFile=app.jsa")) {
            assertTrue(FastStart.needsOneJvm(option), option);
        }
        for (String option : List.of("-Xmx2g", "-Dcpuidmask.timing=true", "-XX:+UseParallelGC", "-Xlog:gc")) {
            assertTrue(!FastStart.needsOneJvm(option), option);
        }
    }

    @Test
    void sizesTheInputsUpToTheSmallInputLimit(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("a.yaml"), new byte[1000]);
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.write(dir.resolve("sub/deeper/b.yaml"), new byte[234]);
        assertEquals(1234, FastStart.inputBytes(new String[] {"check", dir.toString(), "--quiet", "no-such-file"}));
        assertEquals(1000, FastStart.inputBytes(new String[] {"check", dir.resolve("a.yaml").toString()}));
        assertTrue(FastStart.inputBytes(new String[] {"check"}) == 0);
    }

    @Test
    void keepsTheMostRecentlyUsedArchives(@TempDir Path dir) throws IOException {
        for (int i = 0; i < 6; i++) {
            Path a = dir.resolve("a" + i + ".jsa");
            Files.write(a, new byte[] {1});
            Files.writeString(Path.of(a + ".size"), "1");
            Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        FastStart.pruneArchives(dir, 4);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("a2.jsa", "a2.jsa.size", "a3.jsa", "a3.jsa.size", "a4.jsa", "a4.jsa.size", "a5.jsa",
                    "a5.jsa.size"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
