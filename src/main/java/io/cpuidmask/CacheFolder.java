package io.cpuidmask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

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
            if (!Files.getFileStore(folder).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
                return true; // no POSIX owners and modes to check (Windows): the user's profile folder
            }
            var attrs = Files.readAttributes(folder, java.nio.file.attribute.PosixFileAttributes.class);
            var perms = attrs.permissions();
            return ownedByMe(folder, attrs)
                    && !perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                    && !perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Compared by user id where the system says it (a container's user may have no name), else by name. */
    private static boolean ownedByMe(Path folder, java.nio.file.attribute.PosixFileAttributes attrs) {
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
     * runs from made of every entry's name, size and CRC-32 as the jar's directory records them (file
     * times are not enough: some builds set them all alike; and hashing the whole jar would cost a
     * cold JVM a tenth of a second). Empty when it runs from a folder of classes (a development
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
                    MessageDigest md = Sha256.digest();
                    try (java.util.stream.Stream<Path> files = Files.walk(classes)) {
                        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                            crc.update(Files.readAllBytes(f));
                            md.update((classes.relativize(f) + "\0" + Files.size(f) + "\0" + crc.getValue() + "\n")
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }
                    return Version.get() + "/classes/" + java.util.HexFormat.of().formatHex(md.digest());
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

    private static String jarFingerprint(Path jar) throws IOException {
        MessageDigest md = Sha256.digest();
        byte[] number = new byte[16];
        java.nio.ByteBuffer numbers = java.nio.ByteBuffer.wrap(number);
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                var e = entries.nextElement();
                md.update(e.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                numbers.clear();
                numbers.putLong(e.getCrc()).putLong(e.getSize());
                md.update(number);
            }
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    /**
     * The body of a cache entry written by {@link #writeEntry}: empty when the file is missing, is of
     * another kind (magic) or was truncated or corrupted (its SHA-256 does not match).
     */
    public static Optional<byte[]> readEntry(Path file, byte[] magic) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        byte[] all = Files.readAllBytes(file);
        if (all.length < magic.length + 32 || !Arrays.equals(Arrays.copyOf(all, magic.length), magic)) {
            return Optional.empty();
        }
        byte[] digest = Arrays.copyOfRange(all, magic.length, magic.length + 32);
        byte[] body = Arrays.copyOfRange(all, magic.length + 32, all.length);
        return MessageDigest.isEqual(digest, Sha256.of(body)) ? Optional.of(body) : Optional.empty();
    }

    /** Writes a cache entry (magic, SHA-256 of the body, body) atomically: readers never see half of one. */
    public static void writeEntry(Path file, byte[] magic, byte[] body) throws IOException {
        createFolder(file.getParent());
        AtomicFile.write(file, null, out -> {
            out.write(magic);
            out.write(Sha256.of(body));
            out.write(body);
        });
    }

    /** Makes a cache folder (and its missing parents) that only this user can use, where the system has modes. */
    public static void createFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(folder);
        }
        // Someone else may have made it meanwhile (a shared XDG_CACHE_HOME): look again before use.
        if (!trusted(folder)) {
            throw new IOException(folder + " is not this user's own folder");
        }
    }
}
