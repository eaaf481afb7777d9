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
        assertEquals(Optional.empty(), FastStart.jvmOptions(
                List.of("--limit-modules=java.se", "-jar", "c.jar", "check"), List.of("check")),
                "module-system options cannot build an archive");
    }

    @Test
    void agentsDebuggersRecordingsAndOwnSharingKeepOneJvm() {
        for (String option : List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
                "-javaagent:jacoco.jar", "-XX:StartFlightRecording=filename=r.jfr", "-Xshare:off",
                "-XX:SharedArchiveFile=app.jsa", "@argfile", "-XX:VMOptionsFile=opts", "-Xlog:gc", "-Xlog:gc:file=gc.log",
                "-showversion", "-verbose:class", "-XX:+PrintFlagsFinal")) {
            assertTrue(FastStart.needsOneJvm(option), option);
        }
        for (String option : List.of("-Xmx2g", "-Dcpuidmask.timing=true", "-XX:+UseParallelGC", "-Xlog:gc:file=gc-%p.log")) {
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
        assertEquals(1000, FastStart.inputBytes(new String[] {"check", dir.resolve("a.yaml").toString(),
                "--out", dir.resolve("sub").toString(), "--rules=" + dir.resolve("sub")}), "report and rule folders are not input");
    }
}
