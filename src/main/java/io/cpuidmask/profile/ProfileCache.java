package io.cpuidmask.profile;

import io.cpuidmask.cache.Cache;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.SourceRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Remembers what a big YAML profile file gave (its hosts and its problems, with their lines), in
 * the {@link Cache} under the file's name and the SHA-256 of its content. Reading YAML is most of
 * the cost of checking a big estate, and an estate's profiles change far less often than it is
 * checked; a file seen before is not parsed again.
 *
 * <p>Entries are plain data in a small binary format (never Java serialisation), rebuilt through
 * the validating constructors; an entry that cannot be read for any reason is ignored and the file
 * parsed again. Small files are not cached (parsing them is faster than finding an entry).
 */
public final class ProfileCache {

    /** Files smaller than this are parsed every time. */
    public static final int MIN_FILE_BYTES = 32 * 1024;
    static final String KIND = "profiles";

    private final Cache cache;

    public ProfileCache(Cache cache) {
        this.cache = cache;
    }

    /** The profile cache of the environment's {@link Cache}, or none. */
    public static Optional<ProfileCache> fromEnvironment() {
        return Cache.fromEnvironment().map(ProfileCache::new);
    }

    /** What the file named {@code name} with this content gave when it was last read, or empty. */
    public Optional<ProfileParser.Result> load(String name, String sha256) {
        try {
            Optional<byte[]> entry = cache.read(KIND, name + "\0" + sha256);
            return entry.isEmpty() ? Optional.empty() : Optional.of(read(ByteBuffer.wrap(entry.get()), name));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Remembers a file's result; failures are ignored (the next run parses again). */
    public void store(String name, String sha256, ProfileParser.Result result) {
        try {
            cache.write(KIND, name + "\0" + sha256, write(result));
        } catch (RuntimeException e) {
            // A cache that cannot be written only costs time.
        }
    }

    /** Keeps the cache under its size cap, once a run has stored what it parsed. */
    public void prune() {
        cache.prune();
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
            return Arrays.copyOf(buf.array(), buf.position());
        }
    }

    private static byte[] write(ProfileParser.Result result) {
        Out out = new Out(1024 + result.hosts().size() * 700);
        out.putInt(result.hosts().size());
        for (HostProfile h : result.hosts()) {
            out.putText(h.host());
            out.putText(h.cluster());
            out.putText(h.vendor());
            out.putText(h.description());
            out.putText(h.microcode() == null ? null : Long.toString(h.microcode()));
            out.putText(h.firmware());
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
            String microcode = readText(in);
            String firmware = readText(in);
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
            list.add(new HostProfile(host, cluster, vendor, description, values, new SourceRef(name, line), lines,
                    microcode == null ? null : Long.valueOf(microcode), firmware));
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
