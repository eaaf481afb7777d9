package io.cpuidmask;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /** The cache folder the environment asks for, or empty when caching is off. */
    public static Optional<Path> fromEnvironment() {
        String configured = System.getenv("CPUIDMASK_CACHE");
        if (configured == null) {
            configured = System.getProperty("cpuidmask.cache");
        }
        if ("off".equalsIgnoreCase(configured)) {
            return Optional.empty();
        }
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return Optional.of(base.resolve("cpuidmask"));
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
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "entry-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(magic);
                out.write(Sha256.of(body));
                out.write(body);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
