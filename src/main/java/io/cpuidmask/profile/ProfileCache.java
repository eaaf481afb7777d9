package io.cpuidmask.profile;

import io.cpuidmask.CacheFolder;
import io.cpuidmask.Sha256;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.SourceRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
    private static final byte[] MAGIC = {'C', 'M', 'P', 'C', 1};
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
        return buildId.get().map(build -> folder.resolve(PREFIX
                + Sha256.hex((build + "\0" + name + "\0" + sha256).getBytes(StandardCharsets.UTF_8)) + ".bin"));
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
            byte[] body = entry.get();
            ProfileParser.Result result = read(new DataInputStream(new ByteArrayInputStream(body)), name, body.length);
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis())); // recently used
            return Optional.of(result);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Remembers a file's result; failures are ignored (the next run parses again). */
    public void store(String name, String sha256, ProfileParser.Result result) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024 + result.hosts().size() * 700);
            write(new DataOutputStream(bytes), result);
            Optional<Path> file = entry(name, sha256);
            if (file.isPresent()) {
                CacheFolder.writeEntry(file.get(), MAGIC, bytes.toByteArray());
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

    private static void write(DataOutputStream out, ProfileParser.Result result) throws IOException {
        out.writeInt(result.hosts().size());
        for (HostProfile h : result.hosts()) {
            writeText(out, h.host());
            writeText(out, h.cluster());
            writeText(out, h.vendor());
            writeText(out, h.description());
            out.writeInt(h.source().line());
            out.writeInt(h.registers().size());
            for (Map.Entry<RegisterKey, Integer> r : h.registers().entrySet()) {
                RegisterKey k = r.getKey();
                out.writeLong(k.leaf());
                out.writeInt(k.subleaf());
                out.writeByte(k.register().ordinal());
                out.writeInt(r.getValue());
                out.writeInt(h.lines().getOrDefault(k, 0));
            }
        }
        out.writeInt(result.errors().size());
        for (InputError e : result.errors()) {
            out.writeInt(e.line());
            writeText(out, e.message());
        }
        out.flush();
    }

    private static ProfileParser.Result read(DataInputStream in, String name, int size) throws IOException {
        int hosts = count(in, size);
        List<HostProfile> list = new ArrayList<>(hosts);
        Register[] registers = Register.values();
        for (int i = 0; i < hosts; i++) {
            String host = readText(in, size);
            String cluster = readText(in, size);
            String vendor = readText(in, size);
            String description = readText(in, size);
            int line = in.readInt();
            int count = count(in, size);
            TreeMap<RegisterKey, Integer> values = new TreeMap<>();
            Map<RegisterKey, Integer> lines = new HashMap<>();
            for (int r = 0; r < count; r++) {
                RegisterKey key = RegisterKey.of(in.readLong(), in.readInt(), registers[in.readUnsignedByte()]);
                values.put(key, in.readInt());
                int at = in.readInt();
                if (at > 0) {
                    lines.put(key, at);
                }
            }
            list.add(new HostProfile(host, cluster, vendor, description, values, new SourceRef(name, line), lines));
        }
        int errors = count(in, size);
        List<InputError> problems = new ArrayList<>(errors);
        for (int i = 0; i < errors; i++) {
            int line = in.readInt();
            problems.add(new InputError(name, line, readText(in, size)));
        }
        if (in.read() != -1) {
            throw new IOException("trailing bytes");
        }
        return new ProfileParser.Result(list, problems);
    }

    /** A count that the entry's size can hold (a corrupt one must not allocate gigabytes). */
    private static int count(DataInputStream in, int size) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > size) {
            throw new IOException("bad count " + n);
        }
        return n;
    }

    private static void writeText(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readText(DataInputStream in, int size) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > size) {
            throw new IOException("bad length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
