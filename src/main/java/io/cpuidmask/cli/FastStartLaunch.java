package io.cpuidmask.cli;

import io.cpuidmask.CacheFolder;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run of a command in a second JVM ({@link FastStart}), and the class-data archives it uses
 * and builds. The second JVM tells this one, through a small result file, that it reached the
 * command and what the command's exit code was: a JVM that could not start (an option it refuses,
 * no memory) or that failed while writing the archive must never pass for a check that FAILs.
 */
final class FastStartLaunch {

    /** Set in the second JVM to the result file, so that it runs the command itself and reports on it. */
    static final String CHILD_PROPERTY = "cpuidmask.fastStart.child";
    /** Archives kept in the cache (about 30 MB each). */
    static final int KEEP_ARCHIVES = 4;
    private static final String STARTED = "started";
    private static final String EXIT = "exit ";

    private final String java;
    private final List<String> jvmOptions;
    private final Path jar;
    private final List<String> args;
    private final Path folder;
    private final Path archive;
    private final Path sizeFile;
    private final Path offFile;
    private final boolean smallInput;

    FastStartLaunch(String java, List<String> jvmOptions, Path jar, List<String> args, Path folder, String key,
                    boolean smallInput) {
        this.java = java;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.jar = jar;
        this.args = List.copyOf(args);
        this.folder = folder;
        this.archive = folder.resolve(key + ".jsa");
        this.sizeFile = folder.resolve(key + ".jsa.size");
        this.offFile = folder.resolve(key + ".off");
        this.smallInput = smallInput;
    }

    /** A second JVM failed to start for this jar and these options in the last 30 days: do not try again yet. */
    boolean disabled() {
        try {
            if (Files.exists(offFile) && System.currentTimeMillis() - modified(offFile) > TimeUnit.DAYS.toMillis(30)) {
                Files.deleteIfExists(offFile);
            }
        } catch (IOException e) {
            // keep it
        }
        return Files.exists(offFile);
    }

    static boolean isChild() {
        return System.getProperty(CHILD_PROPERTY) != null;
    }

    /**
     * In the second JVM: the command is about to run. False when the first JVM cannot be told
     * (a full disk): then the command must not run here, or the first JVM would run it again.
     */
    static boolean reportStarted() {
        return report(STARTED);
    }

    /** In the second JVM: the command's exit code, whatever happens to the JVM after it. */
    static void reportExit(int code) {
        report(EXIT + code);
    }

    private static boolean report(String what) {
        String file = System.getProperty(CHILD_PROPERTY);
        if (file == null) {
            return true;
        }
        try {
            Files.writeString(Path.of(file), what);
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // for the exit code, the first JVM then passes on the process's own
        }
    }

    /** Runs the command in the second JVM; empty when it never got to run it (then run it here). */
    OptionalInt execute() throws IOException {
        CacheFolder.createFolder(folder);
        boolean archived = complete();
        if (archived) {
            Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis())); // recently used
        }
        Path dump = archived ? null : Files.createTempFile(folder, "dump-", ".tmp");
        Path result = Files.createTempFile(folder, "result-", ".tmp");
        List<String> command = new ArrayList<>(List.of(java));
        if (smallInput) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(List.of("-Xshare:auto", "-Xlog:cds*=off", "-Xlog:class+path=off",
                "-XX:ErrorFile=" + folder.resolve("hs_err_pid%p.log")));
        command.addAll(jvmOptions); // the user's own options come after these and win
        command.add(archived ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + dump);
        command.addAll(List.of("-D" + CHILD_PROPERTY + "=" + result, "-jar", jar.toString()));
        command.addAll(args);
        Process child;
        try {
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            deleteQuietly(dump);
            deleteQuietly(result);
            return OptionalInt.empty();
        }
        // From here on the command may have run: only its own report decides whether to run it here.
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Thread stop = new Thread(() -> { // if this JVM is stopped, so is the command
            stopping.set(true);
            stop(child);
        });
        try {
            Runtime.getRuntime().addShutdownHook(stop);
        } catch (IllegalStateException | SecurityException e) {
            // shutting down already: waitFor below still returns
        }
        int code = waitFor(child);
        String reported = readQuietly(result);
        boolean neverRan = reported.isEmpty() && !stopping.get();
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
            if (code >= 128 && !reported.startsWith(EXIT) && dump == null) {
                // Killed or crashed, maybe by the archive: never use it again (the next run builds a new one).
                Files.deleteIfExists(sizeFile);
                Files.deleteIfExists(archive);
            } else if (neverRan && code < 128) {
                Files.writeString(offFile, "a second JVM exited with " + code + " before running the command\n");
            } else if (dump != null && reported.startsWith(EXIT)) {
                keepOrGiveUp(dump, reported, code);
            }
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be kept only costs time
        } finally {
            deleteQuietly(dump);
            deleteQuietly(result);
        }
        if (reported.isEmpty()) {
            // Never ran there: run it here, unless this run is being stopped from outside.
            return neverRan ? OptionalInt.empty() : OptionalInt.of(code);
        }
        if (reported.startsWith(EXIT)) {
            try {
                return OptionalInt.of(Integer.parseInt(reported.substring(EXIT.length()).trim()));
            } catch (NumberFormatException e) {
                return OptionalInt.of(code);
            }
        }
        return OptionalInt.of(code); // it ran but did not finish normally
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

    /** After a run that built an archive: keep it if the JVM wrote it, else stop trying for this key. */
    private void keepOrGiveUp(Path dump, String reported, int code) throws IOException {
        boolean clean = reported.equals(EXIT + code) && Files.size(dump) > 0;
        if (!clean) {
            Files.writeString(offFile, "building the class-data archive failed (exit " + code + ")\n");
            return;
        }
        try {
            Files.move(dump, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(dump, archive, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(sizeFile, Long.toString(Files.size(archive)));
        prune(folder, KEEP_ARCHIVES);
    }

    /**
     * Keeps the {@code keep} most recently used archives (each jar build and JVM option set gets its
     * own), and drops what interrupted runs left: temporary files after an hour, crash logs and
     * give-up marks after a month.
     */
    static void prune(Path folder, int keep) throws IOException {
        List<Path> archives = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                long age = now - modified(p);
                if (name.endsWith(".jsa")) {
                    archives.add(p);
                } else if (name.endsWith(".tmp") && age > TimeUnit.HOURS.toMillis(1)
                        || (name.startsWith("hs_err") || name.endsWith(".off")) && age > TimeUnit.DAYS.toMillis(30)) {
                    Files.deleteIfExists(p);
                }
            }
        }
        archives.sort(Comparator.comparingLong(FastStartLaunch::modified).reversed());
        for (Path old : archives.subList(Math.min(keep, archives.size()), archives.size())) {
            Files.deleteIfExists(Path.of(old + ".size"));
            Files.deleteIfExists(old);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void stop(Process child) {
        child.destroy();
        try {
            if (!child.waitFor(5, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
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

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // left for prune
            }
        }
    }
}
