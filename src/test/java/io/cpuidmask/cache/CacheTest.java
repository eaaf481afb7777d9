package io.cpuidmask.cache;

import io.cpuidmask.engine.RuleCache;
import io.cpuidmask.engine.RuleCompiler;
import io.cpuidmask.files.InputFiles;
import io.cpuidmask.profile.ProfileCache;
import io.cpuidmask.profile.ProfileLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one cache: one key (the build), one entry format, one size cap over every kind of entry. */
class CacheTest {

    @TempDir
    Path dir;

    private Cache cache(String build, long maxBytes) {
        return new Cache(dir, () -> build, maxBytes);
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
        }
    }

    @Test
    void anEntryReadsBackForTheSameBuildKindAndSubjectOnly() {
        Cache c = cache("b1", Cache.MAX_BYTES);
        byte[] body = "hosts".getBytes(StandardCharsets.UTF_8);
        c.write("profiles", "a.yaml\0sha", body);
        assertArrayEquals(body, c.read("profiles", "a.yaml\0sha").orElseThrow());
        assertTrue(c.read("profiles", "b.yaml\0sha").isEmpty(), "another subject");
        assertTrue(c.read("rules", "a.yaml\0sha").isEmpty(), "another kind");
        assertTrue(cache("b2", Cache.MAX_BYTES).read("profiles", "a.yaml\0sha").isEmpty(), "another build");
    }

    /** Writes an entry and returns its file (the one the write added). */
    private Path write(Cache c, String kind, String subject, byte[] body) throws IOException {
        List<Path> before = entries();
        c.write(kind, subject, body);
        return entries().stream().filter(p -> !before.contains(p)).findFirst().orElseThrow();
    }

    @Test
    void corruptTruncatedOrCopiedEntriesAreMisses() throws IOException {
        Cache c = cache("b1", Cache.MAX_BYTES);
        Path one = write(c, "k", "one", new byte[] {1, 2, 3});
        byte[] good = Files.readAllBytes(one);
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x20;
        for (byte[] bad : List.of(flipped, Arrays.copyOf(good, good.length - 1), new byte[0])) {
            Files.write(one, bad);
            assertTrue(c.read("k", "one").isEmpty());
        }
        Files.write(one, good);
        Path two = write(c, "k", "two", new byte[] {4, 5, 6});
        Files.copy(one, two, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(c.read("k", "two").isEmpty(), "one's entry under two's name is never two's");
        assertArrayEquals(new byte[] {1, 2, 3}, c.read("k", "one").orElseThrow());
    }

    @Test
    void pruningKeepsEveryKindUnderOneCapDroppingTheLeastRecentlyUsed() throws IOException {
        Cache c = cache("b1", Long.MAX_VALUE);
        byte[] body = new byte[1000];
        long now = System.currentTimeMillis();
        Files.setLastModifiedTime(write(c, "profiles", "p1", body), FileTime.fromMillis(now - 30_000));
        Files.setLastModifiedTime(write(c, "profiles", "p2", body), FileTime.fromMillis(now - 20_000));
        Files.setLastModifiedTime(write(c, "rules", "r", body), FileTime.fromMillis(now - 10_000));
        long size = Files.size(entries().get(0));
        new Cache(dir, () -> "b1", size * 2 + size / 2).prune();
        assertEquals(2, entries().size());
        assertTrue(c.read("profiles", "p1").isEmpty(), "the least recently used went first");
        assertTrue(c.read("rules", "r").isPresent());
        assertTrue(c.read("profiles", "p2").isPresent());
    }

    /** Both users of the cache, compiled rules and parsed profiles, miss every entry of another build. */
    @Test
    void anotherBuildMissesTheRuleAndTheProfileEntriesAlike() throws IOException {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; yaml.length() < ProfileCache.MIN_FILE_BYTES; i++) {
            yaml.append(i == 0 ? "" : "---\n").append("host: h").append(i).append("\ncpuid:\n  - leaf: 0x1\n    ecx: 0x1\n");
        }
        Path profile = dir.resolve("in/estate.yaml");
        Files.createDirectories(profile.getParent());
        Files.writeString(profile, yaml);
        for (String build : List.of("b1", "b2")) {
            Cache c = new Cache(dir.resolve("cache"), () -> build, Cache.MAX_BYTES);
            RuleCompiler rules = new RuleCompiler(Optional.of(new RuleCache(c)));
            assertFalse(rules.compile(List.of(Path.of("rules"))).ruleSet().fromCache(), build + ": a miss");
            assertTrue(rules.compile(List.of(Path.of("rules"))).ruleSet().fromCache(), build + ": then a hit");
            String sha = ProfileLoader.sha256(Files.readAllBytes(profile));
            ProfileCache profiles = new ProfileCache(c);
            assertTrue(profiles.load("estate.yaml", sha).isEmpty(), build + ": a miss");
            new ProfileLoader(profiles).load(List.of(profile));
            assertTrue(profiles.load(InputFiles.display(profile), sha).isPresent(), build + ": then a hit");
        }
    }

    /** The build key changes with any class: a rebuilt cpuidmask (jar or classes folder) misses every entry. */
    @Test
    void aRebuiltJarOrClassesFolderIsAnotherBuild() throws IOException {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("io"));
        Files.write(classes.resolve("io/A.class"), new byte[] {1, 2, 3});
        Files.write(classes.resolve("io/B.class"), new byte[] {4, 5});
        String before = CacheFolder.classesFingerprint(classes);
        assertEquals(before, CacheFolder.classesFingerprint(classes), "the same classes, the same build");
        Files.write(classes.resolve("io/B.class"), new byte[] {4, 6});
        assertNotEquals(before, CacheFolder.classesFingerprint(classes), "one changed class is another build");

        Path jar1 = jar("one.jar", "io/cpuidmask/facts/Host.class", new byte[] {1, 2, 3});
        Path jar2 = jar("two.jar", "io/cpuidmask/facts/Host.class", new byte[] {1, 2, 4});
        assertEquals(CacheFolder.jarFingerprint(jar1),
                CacheFolder.jarFingerprint(jar("same.jar", "io/cpuidmask/facts/Host.class", new byte[] {1, 2, 3})));
        assertNotEquals(CacheFolder.jarFingerprint(jar1), CacheFolder.jarFingerprint(jar2), "one changed class");
        assertNotEquals(CacheFolder.jarFingerprint(jar1),
                CacheFolder.jarFingerprint(jar("renamed.jar", "io/cpuidmask/facts/Hist.class", new byte[] {1, 2, 3})),
                "one renamed class");
        Path notAJar = dir.resolve("not.jar");
        Files.write(notAJar, new byte[100]);
        assertThrows(IOException.class, () -> CacheFolder.jarFingerprint(notAJar), "no build id, so no caches");
    }

    /** A jar of one entry, written at a fixed time (the directory records entry times). */
    private Path jar(String name, String entry, byte[] classBytes) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry e = new ZipEntry(entry);
            e.setTime(1_700_000_000_000L);
            zip.putNextEntry(e);
            zip.write(classBytes);
            zip.closeEntry();
        }
        return jar;
    }
}
