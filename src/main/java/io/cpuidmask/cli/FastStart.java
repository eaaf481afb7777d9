package io.cpuidmask.cli;

import io.cpuidmask.CacheFolder;
import io.cpuidmask.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
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
 * compiler only; it then only passes the exit code on. Measured on 2 cores: {@code check
 * profiles/seed} 1.5 s in one JVM, 0.95 s this way (README, "Scale and speed").
 *
 * <p>The archive is built by the first run of a given jar and JVM (which takes about half a second
 * more) and kept in the cache folder ({@link CacheFolder}). Like the rule cache it holds code and
 * is trusted as the user's own files are. {@code CPUIDMASK_FAST_START=off} (or
 * {@code CPUIDMASK_CACHE=off}) runs everything in one JVM; so does any run whose command line
 * chooses class-data sharing itself or loads an agent, a debugger or a flight recording
 * ({@link #needsOneJvm}), or that was not started as {@code java [options] -jar JAR ...}.
 */
final class FastStart {

    /** Below this much input the quick compiler (C1) alone finishes sooner; above, the optimising one pays off. */
    static final long SMALL_INPUT_BYTES = 32L * 1024 * 1024;
    /** Archives kept in the cache (about 30 MB each). */
    static final int KEEP_ARCHIVES = 4;
    /** Set in the second JVM, so that it runs the command itself. */
    static final String CHILD_PROPERTY = "cpuidmask.fastStart.child";
    private static final Set<String> COMMANDS = Set.of("check", "explain", "baseline", "import", "rules", "estate",
            "snapshot");

    private FastStart() {
    }

    /** The exit code of the command run in a second JVM, or empty when this JVM should run it. */
    static OptionalInt run(String[] args) {
        try {
            Optional<Launch> launch = plan(args);
            return launch.isPresent() ? launch.get().execute() : OptionalInt.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty(); // anything unexpected: run here, as without fast start
        }
    }

    private static Optional<Launch> plan(String[] args) throws IOException {
        if (System.getProperty(CHILD_PROPERTY) != null || "off".equalsIgnoreCase(System.getenv("CPUIDMASK_FAST_START"))
                || args.length == 0 || !COMMANDS.contains(args[0])) {
            return Optional.empty();
        }
        Optional<Path> cache = CacheFolder.fromEnvironment();
        Path jar = ownJar().orElse(null);
        ProcessHandle.Info self = ProcessHandle.current().info();
        if (cache.isEmpty() || jar == null || self.command().isEmpty() || self.arguments().isEmpty()) {
            return Optional.empty();
        }
        Optional<List<String>> jvmOptions = jvmOptions(List.of(self.arguments().get()), List.of(args));
        if (jvmOptions.isEmpty() || jvmOptions.get().stream().anyMatch(FastStart::needsOneJvm)) {
            return Optional.empty();
        }
        String key = Sha256.hex(String.join("\n", jar.toAbsolutePath().toString(), String.valueOf(Files.size(jar)),
                String.valueOf(Files.getLastModifiedTime(jar).toMillis()), System.getProperty("java.home"),
                System.getProperty("java.vm.version"), String.join(" ", jvmOptions.get()))
                .getBytes(StandardCharsets.UTF_8)).substring(0, 32);
        Path folder = cache.get().resolve("cds");
        return Optional.of(new Launch(self.command().get(), jvmOptions.get(), jar, List.of(args),
                folder.resolve(key + ".jsa"), folder.resolve(key + ".jsa.size"), inputBytes(args) < SMALL_INPUT_BYTES));
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
        // Options that take their value as the next argument would make the shape ambiguous.
        if (options.stream().anyMatch(o -> Set.of("-cp", "-classpath", "--class-path", "-jar").contains(o)
                || o.startsWith("--") && !o.contains("="))) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(options));
    }

    /**
     * Options that must stay with one JVM: the run's own choice of class-data sharing, and agents,
     * debuggers and flight recordings, which would otherwise start twice (a debugger's port, a
     * recording's file).
     */
    static boolean needsOneJvm(String option) {
        return option.startsWith("-Xshare") || option.contains("SharedArchiveFile") || option.contains("ArchiveClassesAtExit")
                || option.contains("AutoCreateSharedArchive") || option.startsWith("-D" + CHILD_PROPERTY)
                || option.startsWith("-agentlib") || option.startsWith("-agentpath") || option.startsWith("-javaagent")
                || option.startsWith("-Xrun") || option.startsWith("-Xdebug") || option.contains("FlightRecord");
    }

    private static Optional<Path> ownJar() {
        try {
            Path p = Path.of(FastStart.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Bytes in the files the arguments name (folders walked), counted up to the small-input limit. */
    static long inputBytes(String[] args) {
        long total = 0;
        for (int i = 1; i < args.length && total < SMALL_INPUT_BYTES; i++) {
            Path p;
            try {
                p = Path.of(args[i]);
            } catch (RuntimeException e) {
                continue;
            }
            if (Files.isRegularFile(p)) {
                total += sizeOf(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.walk(p, 8)) {
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

    /** Keeps the {@code keep} most recently used archives (each jar build and JVM option set gets its own). */
    static void pruneArchives(Path folder, int keep) throws IOException {
        List<Path> archives;
        try (Stream<Path> files = Files.list(folder)) {
            archives = new ArrayList<>(files.filter(p -> p.toString().endsWith(".jsa")).toList());
        }
        archives.sort(Comparator.comparing((Path p) -> {
            try {
                return Files.getLastModifiedTime(p);
            } catch (IOException e) {
                return FileTime.fromMillis(0);
            }
        }).reversed());
        for (Path old : archives.subList(Math.min(keep, archives.size()), archives.size())) {
            Files.deleteIfExists(Path.of(old + ".size"));
            Files.deleteIfExists(old);
        }
    }

    /** One run in a second JVM; {@code sizeFile} records the archive's size once it is complete. */
    private record Launch(String java, List<String> jvmOptions, Path jar, List<String> args, Path archive, Path sizeFile,
                          boolean smallInput) {

        OptionalInt execute() throws IOException {
            boolean archived = complete();
            if (archived) {
                Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis()));
            }
            Files.createDirectories(archive.getParent());
            Path dump = archived ? null : Files.createTempFile(archive.getParent(), "dump-", ".tmp");
            List<String> command = new ArrayList<>(List.of(java));
            if (smallInput) {
                command.add("-XX:TieredStopAtLevel=1");
            }
            command.addAll(List.of("-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                    "-XX:ErrorFile=" + archive.getParent().resolve("hs_err_pid%p.log")));
            command.addAll(jvmOptions); // the user's own options come after these and win
            command.add(archived ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + dump);
            command.addAll(List.of("-D" + CHILD_PROPERTY + "=1", "-jar", jar.toString()));
            command.addAll(args);
            Process child;
            try {
                child = new ProcessBuilder(command).inheritIO().start();
            } catch (IOException e) {
                if (dump != null) {
                    Files.deleteIfExists(dump);
                }
                return OptionalInt.empty();
            }
            // From here on the command runs there: whatever happens, its exit code is the answer.
            Thread stop = new Thread(child::destroy); // if this JVM is stopped, so is the command
            try {
                Runtime.getRuntime().addShutdownHook(stop);
            } catch (IllegalStateException | SecurityException e) {
                // shutting down already: waitFor below still returns the command's code
            }
            int code = waitFor(child);
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
                if (dump != null) {
                    keep(dump, code);
                } else if (code >= 128) {
                    // Killed, or the JVM crashed: never use this archive again (the next run builds a new one).
                    Files.deleteIfExists(sizeFile);
                    Files.deleteIfExists(archive);
                }
            } catch (IOException | RuntimeException e) {
                // a cache that cannot be kept only costs time
            }
            return OptionalInt.of(code);
        }

        /** The archive is there and as long as it was when it was written (a cut-short one crashes the JVM). */
        private boolean complete() {
            try {
                return Files.isRegularFile(archive) && Files.isRegularFile(sizeFile)
                        && Long.parseLong(Files.readString(sizeFile).trim()) == Files.size(archive);
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        private void keep(Path dump, int code) throws IOException {
            try {
                if (code < 128 && Files.size(dump) > 0) {
                    try {
                        Files.move(dump, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(dump, archive, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.writeString(sizeFile, Long.toString(Files.size(archive)));
                    pruneArchives(archive.getParent(), KEEP_ARCHIVES);
                }
            } finally {
                Files.deleteIfExists(dump);
            }
        }

        private static int waitFor(Process child) {
            while (true) {
                try {
                    return child.waitFor();
                } catch (InterruptedException e) {
                    child.destroy();
                }
            }
        }
    }
}
