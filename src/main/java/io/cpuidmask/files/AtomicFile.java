package io.cpuidmask.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a file so that readers see the old content or the new, never a part: into a temporary
 * file beside the target, then renamed over it. A full disk or a failing writer leaves the old file
 * as it was; a run stopped by SIGTERM or Ctrl-C leaves no temporary file (a shutdown hook removes
 * those in progress); a symbolic link at the target is replaced, never followed out of its folder.
 */
public final class AtomicFile {

    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_PROGRESS.forEach(p -> {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // nothing more can be done while the JVM stops
            }
        }), "cpuidmask-temporary-files"));
    }

    private AtomicFile() {
    }

    /**
     * @param permissions POSIX permissions of the new file ({@code rw-r--r--}), or null for owner-only
     */
    public static void write(Path target, String permissions, Content content) throws IOException {
        try (Pending p = open(target, permissions)) {
            content.writeTo(p.out());
            p.commit();
        }
    }

    /**
     * A file being written in steps (a report written while the run goes): nothing is seen at the
     * target until {@link Pending#commit()}; closing without it leaves the old file as it was.
     *
     * @param permissions POSIX permissions of the new file ({@code rw-r--r--}), or null for owner-only
     */
    public static Pending open(Path target, String permissions) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
        IN_PROGRESS.add(tmp);
        try {
            if (permissions != null && Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(permissions));
            }
            return new Pending(target, tmp, Files.newOutputStream(tmp));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            IN_PROGRESS.remove(tmp);
            throw e;
        }
    }

    /**
     * A scratch file in {@code folder} (the parts of a report being written), removed at exit if
     * it is still there; {@link #discard} removes it before.
     */
    public static Path scratch(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        Path p = Files.createTempFile(folder, "." + name + ".", ".part");
        IN_PROGRESS.add(p);
        return p;
    }

    public static void discard(Path scratch) throws IOException {
        try {
            Files.deleteIfExists(scratch);
        } finally {
            IN_PROGRESS.remove(scratch);
        }
    }

    /** The temporary file of {@link #open}: written through {@link #out()}, then committed or dropped. */
    public static final class Pending implements AutoCloseable {

        private final Path target;
        private final Path tmp;
        private final OutputStream out;
        private boolean done;

        private Pending(Path target, Path tmp, OutputStream out) {
            this.target = target;
            this.tmp = tmp;
            this.out = out;
        }

        public OutputStream out() {
            return out;
        }

        public Path target() {
            return target;
        }

        /** Renames the written file over the target; when that fails, the temporary file is dropped. */
        public void commit() throws IOException {
            try {
                out.close();
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                close();
            }
        }

        /** Drops the temporary file unless committed; the target stays as it was. */
        @Override
        public void close() throws IOException {
            if (done) {
                return;
            }
            done = true;
            try {
                out.close();
            } finally {
                Files.deleteIfExists(tmp);
                IN_PROGRESS.remove(tmp);
            }
        }
    }
}
