package io.cpuidmask.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as users run it ({@code java -jar target/cpuidmask.jar}): the first run builds the
 * class-data archive, later runs use it, and whichever JVM runs the command, the output and exit
 * code are the same as in one JVM. A damaged archive is never used.
 */
class FastStartIT {

    private static final Path JAR = Path.of("target", "cpuidmask.jar");

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void hotSpotWithSharing() {
        // Fast start is for HotSpot with the JDK's base class-data archive mapped; elsewhere it stays off.
        String vm = System.getProperty("java.vm.name", "");
        org.junit.jupiter.api.Assumptions.assumeTrue((vm.contains("HotSpot") || vm.contains("Server VM"))
                && System.getProperty("java.vm.info", "").contains("sharing"), "not HotSpot with class-data sharing: " + vm);
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return runWith(List.of(), env, args);
    }

    private Run runWith(List<String> jvmOptions, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().remove("CPUIDMASK_FAST_START");
        List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS").forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        int code = pb.start().waitFor();
        return new Run(code, Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    private List<Path> archives(Path cache) throws IOException {
        Path cds = cache.resolve("cds");
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cds)) {
            return s.filter(p -> p.toString().endsWith(".jsa")).toList();
        }
    }

    @Test
    void runsTheSameWithAndWithoutTheArchive() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run after mvn package");
        Path cache = dir.resolve("cache");
        Map<String, String> env = Map.of("CPUIDMASK_CACHE", cache.toString());
        String[] check = {"check", "profiles/seed", "--format", "text", "--out", dir.resolve("reports").toString()};

        Run oneJvm = run(Map.of("CPUIDMASK_CACHE", cache.toString(), "CPUIDMASK_FAST_START", "off"), check);
        assertEquals(1, oneJvm.code(), oneJvm.err()); // the seed FAILs for 64-bit guests
        assertEquals(List.of(), archives(cache), "fast start off builds no archive");

        Run building = run(env, check);
        assertEquals(List.of(oneJvm.code(), oneJvm.out(), oneJvm.err()),
                List.of(building.code(), building.out(), building.err()));
        List<Path> built = archives(cache);
        assertEquals(1, built.size(), "the first run builds the archive");

        Run using = run(env, check);
        assertEquals(List.of(oneJvm.code(), oneJvm.out(), oneJvm.err()), List.of(using.code(), using.out(), using.err()));
        assertEquals(built, archives(cache));

        // An archive cut short would crash the JVM if mapped: it is rebuilt instead.
        byte[] whole = Files.readAllBytes(built.get(0));
        Files.write(built.get(0), java.util.Arrays.copyOf(whole, whole.length / 2));
        Run afterDamage = run(env, check);
        assertEquals(List.of(oneJvm.code(), oneJvm.out(), oneJvm.err()),
                List.of(afterDamage.code(), afterDamage.out(), afterDamage.err()));
        long rebuilt = Files.size(built.get(0));
        assertTrue(rebuilt > whole.length / 2, "rebuilt: " + rebuilt + " bytes");
        assertEquals(String.valueOf(rebuilt), Files.readString(Path.of(built.get(0) + ".size")).trim(),
                "recorded as complete");
    }

    @Test
    void exitCodesAndMessagesPassThrough() throws Exception {
        Map<String, String> env = Map.of("CPUIDMASK_CACHE", dir.resolve("cache").toString());
        Run missing = run(env, "check", dir.resolve("no-such-folder").toString(), "--format", "text",
                "--out", dir.resolve("reports").toString());
        assertEquals(3, missing.code());
        assertTrue(missing.err().contains("no such file or folder"), missing.err());
        Run usage = run(env, "check", "--no-such-option");
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("Unknown option: '--no-such-option'"), usage.err());
        assertTrue(usage.err().contains("Try 'cpuidmask check --help'"), usage.err());
    }

    /** The second JVM really maps the archive: its classes come from the "shared objects file (top)". */
    @Test
    void theSecondJvmLoadsClassesFromTheArchive() throws Exception {
        Map<String, String> env = Map.of("CPUIDMASK_CACHE", dir.resolve("cache").toString());
        List<String> log = List.of("-Xlog:class+load=info:file=" + dir.resolve("classes-%p.txt"));
        String[] check = {"check", "profiles/seed", "--format", "text", "--out", dir.resolve("reports").toString()};
        assertEquals(1, runWith(log, env, check).code());
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith("classes-")).forEach(p -> p.toFile().delete());
        }
        assertEquals(1, runWith(log, env, check).code());
        String engine = "io.cpuidmask.engine.PolicyEngine ";
        List<String> loads = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("classes-")).toList()) {
                Files.readAllLines(p, StandardCharsets.UTF_8).stream().filter(l -> l.contains(engine)).forEach(loads::add);
            }
        }
        assertEquals(1, loads.size(), "the engine is loaded by the second JVM only: " + loads);
        assertTrue(loads.get(0).contains("shared objects file (top)"), loads.get(0));
    }
}
