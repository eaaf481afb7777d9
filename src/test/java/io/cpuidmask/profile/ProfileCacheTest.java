package io.cpuidmask.profile;

import io.cpuidmask.cache.Cache;
import io.cpuidmask.files.InputFiles;
import io.cpuidmask.model.HostProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parsed-profile cache: a hit gives exactly what parsing gives, and anything wrong with it is a miss. */
class ProfileCacheTest {

    @TempDir
    Path dir;

    /** A profile file over the caching threshold, with one bad document (its error must be remembered too). */
    private Path bigProfile(String name, int hosts) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < ProfileCache.MIN_FILE_BYTES || i < hosts; i++) {
            b.append(i == 0 ? "" : "---\n").append("host: h").append(i).append("\ncluster: c").append(i % 3)
                    .append("\ndescription: \"Xeon™ ").append(i).append("\"\n")
                    .append(i % 2 == 1 ? "microcode: 0x" + Integer.toHexString(0x5003100 + i % 4) + "\n" : "")
                    .append(i % 5 == 1 ? "firmware: \"U30 v2." + i + "\"\n" : "")
                    .append("cpuid:\n  - leaf: 0x00000000\n")
                    .append("    eax: 0x0000000d\n    ebx: 0x756e6547\n    ecx: 0x6c65746e\n    edx: 0x49656e69\n")
                    .append("  - leaf: 0x00000001\n    ecx: ").append(i == 7 ? "12" : "0x7ffefbff").append("\n");
        }
        Path file = dir.resolve("in").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, b, StandardCharsets.UTF_8);
        return file;
    }

    private static List<Path> entries(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".bin")).toList();
        }
    }

    @Test
    void aMissParsesAndStoresAHitGivesTheSameHostsAndProblems() throws IOException {
        Path file = bigProfile("estate.yaml", 200);
        Path cacheDir = dir.resolve("cache");
        ProfileLoader.Loaded parsed = new ProfileLoader(null).load(List.of(file));
        ProfileLoader.Loaded miss = new ProfileLoader(new ProfileCache(cache(cacheDir, "build-1"))).load(List.of(file));
        assertEquals(1, entries(cacheDir).size(), "the miss stored an entry");
        ProfileLoader.Loaded hit = new ProfileLoader(new ProfileCache(cache(cacheDir, "build-1"))).load(List.of(file));
        for (ProfileLoader.Loaded l : List.of(miss, hit)) {
            assertEquals(parsed.hosts(), l.hosts());
            assertEquals(parsed.errors(), l.errors());
            assertEquals(parsed.inputs(), l.inputs());
        }
        assertEquals(1, parsed.errors().size(), "host h7's bare-digit register");
        HostProfile h = hit.hosts().get(1);
        assertEquals("Xeon™ 1", h.description());
        assertEquals(0x5003101L, h.microcode());
        assertEquals("U30 v2.1", h.firmware());
        assertEquals(parsed.hosts().get(1).source(), h.source());
    }

    @Test
    void aHitIsReallyReadFromTheCache() throws IOException {
        Path file = bigProfile("estate.yaml", 100);
        ProfileCache cache = new ProfileCache(cache(dir.resolve("cache"), "build-1"));
        new ProfileLoader(cache).load(List.of(file));
        String sha = ProfileLoader.sha256(Files.readAllBytes(file));
        String name = InputFiles.display(file);
        assertTrue(cache.load(name, sha).isPresent());
        assertFalse(cache.load(name, "0".repeat(64)).isPresent(), "other content, other entry");
        assertFalse(new ProfileCache(cache(dir.resolve("cache"), "build-2")).load(name, sha).isPresent(),
                "another build of cpuidmask does not trust this one's entries");
    }

    @Test
    void corruptOrTruncatedEntriesAreMissesAndAreRewritten() throws IOException {
        Path file = bigProfile("estate.yaml", 100);
        Path cacheDir = dir.resolve("cache");
        ProfileLoader.Loaded parsed = new ProfileLoader(null).load(List.of(file));
        new ProfileLoader(new ProfileCache(cache(cacheDir, "b"))).load(List.of(file));
        Path entry = entries(cacheDir).get(0);
        byte[] good = Files.readAllBytes(entry);
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x40;
        for (byte[] bad : List.of(flipped, Arrays.copyOf(good, good.length / 3), new byte[0])) {
            Files.write(entry, bad);
            ProfileLoader.Loaded l = new ProfileLoader(new ProfileCache(cache(cacheDir, "b"))).load(List.of(file));
            assertEquals(parsed.hosts(), l.hosts());
            assertEquals(parsed.errors(), l.errors());
            assertEquals(List.of(good.length), List.of(Files.readAllBytes(entry).length), "rewritten");
        }
    }

    /** An entry copied over another file's entry is a miss: that file reports its own hosts, never the other's. */
    @Test
    void anEntryCopiedOverAnotherFilesEntryIsAMiss() throws IOException {
        Path a = bigProfile("a.yaml", 100);
        Path b = bigProfile("b.yaml", 600);
        Path cacheDir = dir.resolve("cache");
        ProfileCache cache = new ProfileCache(cache(cacheDir, "b1"));
        new ProfileLoader(cache).load(List.of(a));
        Path entryA = entries(cacheDir).get(0);
        new ProfileLoader(cache).load(List.of(b));
        Path entryB = entries(cacheDir).stream().filter(p -> !p.equals(entryA)).findFirst().orElseThrow();
        Files.copy(entryA, entryB, StandardCopyOption.REPLACE_EXISTING);
        ProfileLoader.Loaded again = new ProfileLoader(new ProfileCache(cache(cacheDir, "b1"))).load(List.of(b));
        assertEquals(new ProfileLoader(null).load(List.of(b)).hosts(), again.hosts());
    }

    @Test
    void smallFilesAreNotCached() throws IOException {
        Path file = dir.resolve("one.yaml");
        Files.writeString(file, "host: a\ncpuid:\n  - leaf: 0x1\n    ecx: 0x1\n");
        Path cacheDir = dir.resolve("cache");
        assertEquals(1, new ProfileLoader(new ProfileCache(cache(cacheDir, "b"))).load(List.of(file)).hosts().size());
        assertEquals(List.of(), entries(cacheDir));
    }

    /** A cache in {@code folder} for the build {@code build}. */
    static Cache cache(Path folder, String build) {
        return new Cache(folder, () -> build, Cache.MAX_BYTES);
    }
}
