package io.cpuidmask.profile;

import io.cpuidmask.CacheFolder;
import io.cpuidmask.Sha256;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.SourceRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Remembers what a big YAML profile file gave (its hosts and its problems, with their lines),
 * keyed by the SHA-256 of its content, its name and the build of cpuidmask that read it. Reading
 * YAML is most of the cost of checking a big estate, and an estate's profiles change far less
 * often than it is checked; a file seen before is not parsed again.
 *
 * <p>Entries are plain data in a small binary format (never Java serialisation), checked by a
 * SHA-256 of their own and rebuilt through the validating constructors; an entry that cannot be
 * read for any reason is ignored and the file parsed again, so the cache can only save time.
 * Small files are not cached (parsing them is faster than finding an entry); the folder is kept
 * under {@link #MAX_BYTES} by dropping the least recently used entries.
 */
public final class ProfileCache {

    /** Files smaller than this are parsed every time. */
    public static final int MIN_FILE_BYTES = 32 * 1024;
    static final long MAX_BYTES = 512L * 1024 * 1024;
    private static final byte[] MAGIC = {'C', 'M', 'P', 'C', 3};
    private static final String PREFIX = "profiles-";

    private final Path folder;
    private final java.util.function.Supplier<Optional<String>> buildId;

    /** buildId: changes whenever the code that parses profiles may have changed. */
    public ProfileCache(Path folder, String buildId) {
        this(folder, () -> Optional.of(buildId));
    }

    private ProfileCache(Path folder, java.util.function.Supplier<Optional<String>> buildId) {
        this.folder = folder;
        this.buildId = buildId;
    }

    /**
     * The cache of the environment ({@link CacheFolder}), for a packaged cpuidmask only
     * ({@link CacheFolder#buildId}: a development build's classes change without it).
     */
    public static Optional<ProfileCache> fromEnvironment() {
        // The build is identified only when a big file is met: most small runs never need it.
        return CacheFolder.fromEnvironment().map(folder -> new ProfileCache(folder, CacheFolder::buildId));
    }

    /** The entry for a file, or empty when the build is unknown (then nothing is cached). */
    Optional<Path> entry(String name, String sha256) {
        return key(name, sha256).map(key -> folder.resolve(PREFIX + Sha256.hex(key.getBytes(StandardCharsets.UTF_8)) + ".bin"));
    }

    /**
     * What an entry is about: the build, the file's name and its SHA-256. The entry's body starts with
     * it, so an entry copied over another file's entry is a miss, never that file's hosts.
     */
    private Optional<String> key(String name, String sha256) {
        return buildId.get().map(build -> build + "\0" + name + "\0" + sha256);
    }

    Path fileFor(String name, String sha256) {
        return entry(name, sha256).orElseThrow();
    }

    /** What the file named {@code name} with this content gave when it was last read, or empty. */
    public Optional<ProfileParser.Result> load(String name, String sha256) {
        Path file = entry(name, sha256).orElse(null);
        if (file == null) {
            return Optional.empty();
        }
        try {
            Optional<byte[]> entry = CacheFolder.readEntry(file, MAGIC);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            ByteBuffer body = ByteBuffer.wrap(entry.get());
            if (!readText(body).equals(key(name, sha256).orElseThrow())) {
                return Optional.empty(); // an entry about another file
            }
            ProfileParser.Result result = read(body, name);
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis())); // recently used
            return Optional.of(result);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Remembers a file's result; failures are ignored (the next run parses again). */
    public void store(String name, String sha256, ProfileParser.Result result) {
        try {
            Optional<Path> file = entry(name, sha256);
            if (file.isPresent()) {
                CacheFolder.writeEntry(file.get(), MAGIC, write(key(name, sha256).orElseThrow(), result));
            }
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written only costs time.
        }
    }

    /** Drops the least recently used entries while the folder holds more than {@code maxBytes} of them. */
    public void prune(long maxBytes) {
        record Entry(Path file, long size, long used) {
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(PREFIX) && n.endsWith(".bin")) {
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

    public void prune() {
        prune(MAX_BYTES);
    }

    /** A growing buffer without the per-call locks of the java.io streams (an entry holds millions of numbers). */
    private static final class Out {
        private ByteBuffer buf;

        Out(int size) {
            buf = ByteBuffer.allocate(Math.max(64, size));
        }

        private ByteBuffer room(int n) {
            if (buf.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
                buf.flip();
                buf = bigger.put(buf);
            }
            return buf;
        }

        void putInt(int v) {
            room(4).putInt(v);
        }

        void putByte(int v) {
            room(1).put((byte) v);
        }

        void putText(String s) {
            if (s == null) {
                putInt(-1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            putInt(b.length);
            room(b.length).put(b);
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(buf.array(), buf.position());
        }
    }

    private static byte[] write(String key, ProfileParser.Result result) {
        Out out = new Out(1024 + key.length() * 3 + result.hosts().size() * 700);
        out.putText(key);
        out.putInt(result.hosts().size());
        for (HostProfile h : result.hosts()) {
            out.putText(h.host());
            out.putText(h.cluster());
            out.putText(h.vendor());
            out.putText(h.description());
            out.putInt(h.source().line());
            out.putInt(h.registers().size());
            for (Map.Entry<RegisterKey, Integer> r : h.registers().entrySet()) {
                RegisterKey k = r.getKey();
                out.putInt((int) k.leaf()); // leaves are 32-bit
                out.putInt(k.subleaf());
                out.putByte(k.register().ordinal());
                out.putInt(r.getValue());
                out.putInt(h.lines().getOrDefault(k, 0));
            }
        }
        out.putInt(result.errors().size());
        for (InputError e : result.errors()) {
            out.putInt(e.line());
            out.putText(e.message());
        }
        return out.bytes();
    }

    /** Reads an entry back; any inconsistency throws (a RuntimeException such as BufferUnderflowException, or IOException). */
    private static ProfileParser.Result read(ByteBuffer in, String name) throws IOException {
        int hosts = count(in);
        List<HostProfile> list = new ArrayList<>(hosts);
        Register[] registers = Register.values();
        for (int i = 0; i < hosts; i++) {
            String host = readText(in);
            String cluster = readText(in);
            String vendor = readText(in);
            String description = readText(in);
            int line = in.getInt();
            int count = count(in);
            TreeMap<RegisterKey, Integer> values = new TreeMap<>();
            Map<RegisterKey, Integer> lines = new HashMap<>();
            for (int r = 0; r < count; r++) {
                RegisterKey key = RegisterKey.of(Integer.toUnsignedLong(in.getInt()), in.getInt(), registers[in.get() & 0xFF]);
                values.put(key, in.getInt());
                int at = in.getInt();
                if (at > 0) {
                    lines.put(key, at);
                }
            }
            list.add(new HostProfile(host, cluster, vendor, description, values, new SourceRef(name, line), lines));
        }
        int errors = count(in);
        List<InputError> problems = new ArrayList<>(errors);
        for (int i = 0; i < errors; i++) {
            int line = in.getInt();
            problems.add(new InputError(name, line, readText(in)));
        }
        if (in.hasRemaining()) {
            throw new IOException("trailing bytes");
        }
        return new ProfileParser.Result(list, problems);
    }

    /** A count that the rest of the entry can hold (a corrupt one must not allocate gigabytes). */
    private static int count(ByteBuffer in) throws IOException {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IOException("bad count " + n);
        }
        return n;
    }

    private static String readText(ByteBuffer in) throws IOException {
        int n = in.getInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > in.remaining()) {
            throw new IOException("bad length " + n);
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }
}
