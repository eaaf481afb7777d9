package io.cpuidmask.cli;

import io.cpuidmask.CacheFolder;
import io.cpuidmask.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs a command in a second JVM started for a short command-line run. Most of a small check is
 * JVM start-up: loading some 4,000 classes (Drools, Jackson, picocli) and compiling hot code with
 * the optimising compiler. A {@code java -jar} run cannot choose its own JVM options, so the first
 * JVM starts the real one with an application class-data archive (AppCDS: classes mapped from a
 * file instead of loaded one by one) and, for inputs under {@link #SMALL_INPUT_BYTES}, the quick
 * compiler only; it then only passes the exit code on ({@link FastStartLaunch}). Measured on 2
 * cores: {@code check profiles/seed} 1.6 s in one JVM, 0.9 s this way (README, "Scale and speed").
 *
 * <p>The archive is built by the first run of a given jar and JVM (which takes about a second
 * more) and kept in the cache folder ({@link CacheFolder}). Like the rule cache it holds code and
 * is trusted as the user's own files are. Everything runs in one JVM when
 * {@code CPUIDMASK_FAST_START=off} or {@code CPUIDMASK_CACHE=off}; on a JVM other than HotSpot;
 * when the command line chooses class-data sharing itself or loads an agent, a debugger or a
 * flight recording ({@link #needsOneJvm}); when JVM options come from the environment
 * ({@code JAVA_TOOL_OPTIONS} and the like, which both JVMs would apply); when it was not started
 * as {@code java [options] -jar JAR ...}; and when a second JVM once failed to start for this jar
 * and these options.
 */
final class FastStart {

    /** Below this much input the quick compiler (C1) alone finishes sooner; above, the optimising one pays off. */
    static final long SMALL_INPUT_BYTES = 32L * 1024 * 1024;
    private static final Set<String> COMMANDS = Set.of("check", "explain", "baseline", "import", "rules", "estate",
            "snapshot");
    private static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private FastStart() {
    }

    /** The exit code of the command run in a second JVM, or empty when this JVM should run it. */
    static OptionalInt run(String[] args) {
        try {
            Optional<FastStartLaunch> launch = plan(args);
            return launch.isPresent() ? launch.get().execute() : OptionalInt.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty(); // before the second JVM started: run here, as without fast start
        }
    }

    private static Optional<FastStartLaunch> plan(String[] args) throws IOException {
        if (FastStartLaunch.isChild() || "off".equalsIgnoreCase(System.getenv("CPUIDMASK_FAST_START"))
                || args.length == 0 || !COMMANDS.contains(args[0]) || !hotSpot()
                || OPTION_VARIABLES.stream().anyMatch(v -> System.getenv(v) != null)) {
            return Optional.empty();
        }
        Optional<Path> cache = CacheFolder.fromEnvironment();
        Optional<String> build = CacheFolder.buildId();
        Path jar = CacheFolder.ownJar().filter(p -> p.toString().endsWith(".jar")).orElse(null);
        ProcessHandle.Info self = ProcessHandle.current().info();
        if (cache.isEmpty() || build.isEmpty() || jar == null || self.command().isEmpty() || self.arguments().isEmpty()) {
            return Optional.empty();
        }
        Optional<List<String>> jvmOptions = jvmOptions(List.of(self.arguments().get()), List.of(args));
        if (jvmOptions.isEmpty() || jvmOptions.get().stream().anyMatch(FastStart::needsOneJvm)) {
            return Optional.empty();
        }
        String key = Sha256.hex(String.join("\n", build.get(), jar.toAbsolutePath().toString(),
                System.getProperty("java.home"), System.getProperty("java.vm.version"), String.join("\n", jvmOptions.get()))
                .getBytes(StandardCharsets.UTF_8)).substring(0, 32);
        FastStartLaunch launch = new FastStartLaunch(self.command().get(), jvmOptions.get(), jar, List.of(args),
                cache.get().resolve("cds"), key, inputBytes(args) < SMALL_INPUT_BYTES);
        return launch.disabled() ? Optional.empty() : Optional.of(launch);
    }

    /**
     * HotSpot (OpenJDK's JVM, GraalVM), whose class-data archives and log options these are, running
     * with the JDK's own base archive mapped ("sharing"): without it no application archive can be
     * built (a JDK without one, or {@code -XX:-UseCompressedClassPointers}).
     */
    static boolean hotSpot() {
        String vm = System.getProperty("java.vm.name", "");
        return (vm.contains("HotSpot") || vm.contains("Server VM") || vm.contains("GraalVM"))
                && System.getProperty("java.vm.info", "").contains("sharing");
    }

    /**
     * The JVM options of a command line {@code [options] -jar JAR args}, given the whole argument list
     * after the java command and the application's own arguments; empty when it has another shape.
     */
    static Optional<List<String>> jvmOptions(List<String> all, List<String> appArgs) {
        int jarAt = all.size() - appArgs.size() - 2;
        if (jarAt < 0 || !all.get(jarAt).equals("-jar") || !all.subList(jarAt + 2, all.size()).equals(appArgs)) {
            return Optional.empty();
        }
        List<String> options = all.subList(0, jarAt);
        // Options that take their value as the next argument would make the shape ambiguous; and the
        // module-system options (--limit-modules, --patch-module ...) cannot be used to build an archive.
        if (options.stream().anyMatch(o -> Set.of("-cp", "-classpath").contains(o) || o.startsWith("--"))) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(options));
    }

    /**
     * Options that must stay with one JVM: the run's own choice of class-data sharing; agents,
     * debuggers and flight recordings, which would otherwise start twice (a debugger's port, a
     * recording's file); options read from files, which this JVM cannot see; and the JVM's own output.
     */
    static boolean needsOneJvm(String option) {
        return option.startsWith("-Xshare") || option.contains("SharedArchiveFile") || option.contains("ArchiveClassesAtExit")
                || option.contains("AutoCreateSharedArchive") || option.contains("DynamicDumpInfo")
                || option.startsWith("-D" + FastStartLaunch.CHILD_PROPERTY)
                || option.startsWith("-agentlib") || option.startsWith("-agentpath") || option.startsWith("-javaagent")
                || option.startsWith("-Xrun") || option.startsWith("-Xdebug") || option.contains("FlightRecord")
                || option.startsWith("@") || option.startsWith("-XX:Flags=") || option.startsWith("-XX:VMOptionsFile=")
                // Output the JVM itself prints (to stdout, or to one file without a %p) would come twice.
                || option.startsWith("-showversion") || option.startsWith("--show-version") || option.startsWith("-verbose")
                || option.contains("PrintFlagsFinal")
                || option.startsWith("-Xlog") && !(option.contains("file=") && option.contains("%p"));
    }

    /** Options whose value is a folder that is not input (a big old report in --out must not count). */
    private static final Set<String> NOT_INPUT = Set.of("--out", "--rules", "--catalog", "--from");

    /** Bytes in the files the arguments name (folders walked), counted up to the small-input limit. */
    static long inputBytes(String[] args) {
        long total = 0;
        for (int i = 1; i < args.length && total < SMALL_INPUT_BYTES; i++) {
            if (args[i].startsWith("-")) {
                i += NOT_INPUT.contains(args[i]) ? 1 : 0; // --out DIR; --out=DIR is one argument
                continue;
            }
            Path p;
            try {
                p = Path.of(args[i]);
            } catch (RuntimeException e) {
                continue;
            }
            if (Files.isRegularFile(p)) {
                total += sizeOf(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.walk(p, 64)) {
                    var it = files.iterator();
                    while (it.hasNext() && total < SMALL_INPUT_BYTES) {
                        Path f = it.next();
                        if (Files.isRegularFile(f)) {
                            total += sizeOf(f);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // unreadable folders are the command's to report
                }
            }
        }
        return total;
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
