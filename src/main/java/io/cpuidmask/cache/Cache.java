package io.cpuidmask.cache;

import io.cpuidmask.files.AtomicFile;
import io.cpuidmask.files.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The one cache of cpuidmask (compiled rules, parsed profiles), in the folder
 * {@link CacheFolder#fromEnvironment} names. One key: every entry is about the build that wrote it
 * ({@link CacheFolder#codeId}) and what its kind says (the rule sources, a profile's name and
 * SHA-256), so a rebuilt cpuidmask misses every entry. One format: magic, SHA-256 of the rest, the
 * key, the body; an entry whose key is not the one asked for (a copied or colliding file) is a miss.
 * One size cap: {@link #prune} (after a run's writes) drops the least recently used entries while
 * the folder holds more than {@link #MAX_BYTES}. Any problem is a miss: the cache can only save time.
 */
public final class Cache {

    /** All entries together, of every kind. */
    public static final long MAX_BYTES = 512L * 1024 * 1024;
    private static final byte[] MAGIC = {'C', 'M', 'C', 'E', 1};
    private static final String SUFFIX = ".bin";

    private final Path folder;
    private final Supplier<String> build;
    private final long maxBytes;

    /** build: identifies the code that reads and writes the entries (asked only when an entry is). */
    public Cache(Path folder, Supplier<String> build, long maxBytes) {
        this.folder = folder;
        this.build = build;
        this.maxBytes = maxBytes;
    }

    /** The cache of the environment, keyed by this build; empty when caching is off. */
    public static Optional<Cache> fromEnvironment() {
        return CacheFolder.fromEnvironment().map(folder -> new Cache(folder, CacheFolder::codeId, MAX_BYTES));
    }

    public Path folder() {
        return folder;
    }

    /** The body stored for {@code kind} and {@code about} by this build, or empty. */
    public Optional<byte[]> read(String kind, String about) {
        String key = key(kind, about);
        Path file = fileFor(kind, key);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
            if (all.remaining() < MAGIC.length + 32 + 4) {
                return Optional.empty();
            }
            byte[] magic = new byte[MAGIC.length];
            byte[] digest = new byte[32];
            all.get(magic).get(digest);
            byte[] rest = Arrays.copyOfRange(all.array(), all.position(), all.limit());
            if (!Arrays.equals(magic, MAGIC) || !MessageDigest.isEqual(digest, Sha256.of(rest))) {
                return Optional.empty();
            }
            int keyLength = all.getInt();
            if (keyLength < 0 || keyLength > all.remaining()
                    || !new String(rest, 4, keyLength, StandardCharsets.UTF_8).equals(key)) {
                return Optional.empty();
            }
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis())); // recently used
            return Optional.of(Arrays.copyOfRange(rest, 4 + keyLength, rest.length));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Stores a body atomically: readers never see half of one. Call {@link #prune} when done writing. */
    public void write(String kind, String about, byte[] body) {
        String key = key(kind, about);
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer rest = ByteBuffer.allocate(4 + keyBytes.length + body.length);
        rest.putInt(keyBytes.length).put(keyBytes).put(body);
        try {
            CacheFolder.createFolder(folder);
            AtomicFile.write(fileFor(kind, key), null, out -> {
                out.write(MAGIC);
                out.write(Sha256.of(rest.array()));
                out.write(rest.array());
            });
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be written only costs time
        }
    }

    /** Drops the least recently used entries, of any kind, while they hold more than the cap. */
    public void prune() {
        record Entry(Path file, long size, long used) {
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p)) {
                    entries.add(new Entry(p, Files.size(p), Files.getLastModifiedTime(p).toMillis()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        long total = entries.stream().mapToLong(Entry::size).sum();
        entries.sort(Comparator.comparingLong(Entry::used));
        for (Entry e : entries) {
            if (total <= maxBytes) {
                break;
            }
            try {
                Files.deleteIfExists(e.file());
                total -= e.size();
            } catch (IOException ignored) {
                // another run may hold it; try again next time
            }
        }
    }

    private String key(String kind, String about) {
        return build.get() + "\0" + kind + "\0" + about;
    }

    private Path fileFor(String kind, String key) {
        return folder.resolve(kind + "-" + Sha256.hex(key.getBytes(StandardCharsets.UTF_8)) + SUFFIX);
    }
}
