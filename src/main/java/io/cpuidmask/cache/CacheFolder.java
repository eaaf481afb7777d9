package io.cpuidmask.cache;

import io.cpuidmask.files.Sha256;
import io.cpuidmask.model.Version;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Where cpuidmask keeps what it can compute again (compiled rules, parsed profiles): the user's own
 * cache folder ({@code $XDG_CACHE_HOME/cpuidmask} or {@code ~/.cache/cpuidmask}).
 * {@code CPUIDMASK_CACHE=DIR} (or the system property {@code cpuidmask.cache}) moves it and
 * {@code CPUIDMASK_CACHE=off} turns caching off.
 */
public final class CacheFolder {

    private CacheFolder() {
    }

    /**
     * The cache folder the environment asks for, or empty when caching is off or the folder cannot
     * be trusted: a relative path (a home folder Java could not find, or a relative
     * {@code XDG_CACHE_HOME}, which the XDG specification says to ignore) would put code that
     * cpuidmask loads inside the working directory, perhaps a checked-out pull request; and an
     * existing folder must belong to this user and be writable by no one else.
     */
    public static Optional<Path> fromEnvironment() {
        String configured = System.getenv("CPUIDMASK_CACHE");
        if (configured == null) {
            configured = System.getProperty("cpuidmask.cache");
        }
        if ("off".equalsIgnoreCase(configured)) {
            return Optional.empty();
        }
        Path folder;
        if (configured != null && !configured.isBlank()) {
            folder = Path.of(configured).toAbsolutePath(); // named on purpose: relative to where the user is
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                    : Path.of(System.getProperty("user.home", ""), ".cache");
            folder = base.resolve("cpuidmask");
        }
        return folder.isAbsolute() && trusted(folder) ? Optional.of(folder.normalize()) : Optional.empty();
    }

    /** A folder that does not exist yet (it will be made), or one of this user's that others cannot write. */
    static boolean trusted(Path folder) {
        if (!Files.exists(folder)) {
            return true;
        }
        try {
            if (!Files.isDirectory(folder)) {
                return false;
            }
            if (!Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class)) {
                return true; // no POSIX owners and modes to check (Windows): the user's profile folder
            }
            var attrs = Files.readAttributes(folder, PosixFileAttributes.class);
            var perms = attrs.permissions();
            return ownedByMe(folder, attrs)
                    && !perms.contains(PosixFilePermission.GROUP_WRITE)
                    && !perms.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Compared by user id where the system says it (a container's user may have no name), else by name. */
    private static boolean ownedByMe(Path folder, PosixFileAttributes attrs) {
        try {
            Object mine = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            Object its = Files.getAttribute(folder, "unix:uid");
            return mine.equals(its);
        } catch (IOException | RuntimeException e) {
            return attrs.owner().getName().equals(System.getProperty("user.name"));
        }
    }

    private static volatile Optional<String> buildId;

    /**
     * Identifies this build of cpuidmask for cache keys: the version, and a fingerprint of the jar it
     * runs from made of every entry's name, size, CRC-32 and time as the jar's directory records them
     * (times alone are not enough: some builds set them all alike; and hashing the whole jar would
     * cost a cold JVM a tenth of a second). Empty when it runs from a folder of classes (a development
     * build), whose caches could outlive a change.
     */
    public static Optional<String> buildId() {
        Optional<String> id = buildId;
        if (id == null) {
            id = Optional.empty();
            Optional<Path> jar = ownJar();
            try {
                if (jar.isPresent()) {
                    id = Optional.of(Version.get() + "/" + jarFingerprint(jar.get()));
                }
            } catch (IOException | RuntimeException e) {
                // unknown build: no caches that depend on it
            }
            buildId = id;
        }
        return id;
    }

    private static volatile String codeId;

    /**
     * Identifies the code that compiled rules depend on (the fact classes, the finding builder):
     * {@link #buildId} in a jar; in a folder of classes (a development build), a fingerprint of every
     * file in it, so a rebuilt class never meets a rule base compiled against the old one.
     */
    public static String codeId() {
        String id = codeId;
        if (id == null) {
            id = buildId().orElseGet(() -> {
                try {
                    Path classes = Path.of(CacheFolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                    return Version.get() + "/classes/" + classesFingerprint(classes);
                } catch (Exception e) {
                    return Version.get() + "/unknown/" + System.nanoTime(); // unknown code: never reuse an entry
                }
            });
            codeId = id;
        }
        return id;
    }

    /** The jar cpuidmask runs from; empty when it runs from a folder of classes. */
    public static Optional<Path> ownJar() {
        try {
            Path code = Path.of(CacheFolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(code) ? Optional.of(code) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Every file of a folder of classes: its name, size and CRC-32. */
    static String classesFingerprint(Path classes) throws IOException {
        MessageDigest md = Sha256.digest();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                CRC32 crc = new CRC32();
                crc.update(Files.readAllBytes(f));
                md.update((classes.relativize(f) + "\0" + Files.size(f) + "\0" + crc.getValue() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The zip end-of-central-directory record: its signature and its size without a comment. */
    private static final int END_SIGNATURE = 0x06054b50;
    private static final int END_SIZE = 22;

    /**
     * The jar's central directory (every entry's name, size, CRC-32 and time) under two CRCs,
     * CRC-32C and CRC-32: 64 bits that name a build, no defence against anyone (the cache folder is
     * the user's own). A SHA-256 over the entries cost a cold JVM 40 to 80 ms on the way to the rule
     * cache (the quick JIT has no SHA intrinsics); these CRCs take a millisecond or two. A zip64 jar
     * (past 65,535 entries or 4 GiB) has none: then no caches.
     */
    static String jarFingerprint(Path jar) throws IOException {
        try (FileChannel ch = FileChannel.open(jar, StandardOpenOption.READ)) {
            long size = ch.size();
            int tail = (int) Math.min(size, END_SIZE + 0xFFFF);
            ByteBuffer end = read(ch, size - tail, tail);
            for (int i = tail - END_SIZE; i >= 0; i--) {
                if (end.getInt(i) != END_SIGNATURE) {
                    continue;
                }
                long length = Integer.toUnsignedLong(end.getInt(i + 12));
                long offset = Integer.toUnsignedLong(end.getInt(i + 16));
                if (end.getShort(i + 10) == (short) 0xFFFF || length == 0xFFFF_FFFFL || offset == 0xFFFF_FFFFL
                        || offset + length > size - tail + i) {
                    throw new IOException(jar + ": a zip64 or damaged jar");
                }
                ByteBuffer directory = read(ch, offset, (int) length);
                CRC32C c = new CRC32C();
                CRC32 d = new CRC32();
                c.update(directory.duplicate());
                d.update(directory);
                return String.format("%08x%08x-%d", c.getValue(), d.getValue(), length);
            }
            throw new IOException(jar + ": no zip directory");
        }
    }

    private static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            if (ch.read(buf, at + buf.position()) < 0) {
                throw new IOException("short read");
            }
        }
        return buf.flip();
    }

    /** Makes a cache folder (and its missing parents) that only this user can use, where the system has modes. */
    public static void createFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(folder);
        }
        // Someone else may have made it meanwhile (a shared XDG_CACHE_HOME): look again before use.
        if (!trusted(folder)) {
            throw new IOException(folder + " is not this user's own folder");
        }
    }
}
