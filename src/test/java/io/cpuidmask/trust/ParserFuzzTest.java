package io.cpuidmask.trust;

import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.model.InputError;
import io.cpuidmask.profile.ProfileLoader;
import io.cpuidmask.profile.ProfileParser;
import io.cpuidmask.profile.dump.DumpFormat;
import io.cpuidmask.profile.dump.DumpFormats;
import io.cpuidmask.profile.dump.DumpImporter;
import io.cpuidmask.profile.dump.ImportOptions;
import io.cpuidmask.profile.dump.ImportResult;
import io.cpuidmask.support.Bytes;
import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A mutation fuzzer, driven by jqwik, over the YAML profile parser, the catalogue parser and every
 * dump importer (detected and forced). Seeds: the real dumps of {@code ../shared/corpus} (when
 * present), the test samples, the shipped profiles and catalogues, and the hostile corpus. Oracle:
 * no exception escapes, no call takes long, and every problem names the file and a line.
 *
 * <p>Jazzer is not available offline on this machine; this runs a fixed number of tries with a fixed
 * seed, so CI time is bounded and a failure is reproducible. A failing input is saved under
 * {@code target/fuzz-findings/}; copy it into {@code src/test/resources/fuzz-regressions/}, where
 * {@link #regressionsStayFixed()} replays every file through the same oracle.
 */
class ParserFuzzTest {

    private static final long MAX_MILLIS_PER_CALL = 3_000;
    private static final Path REGRESSIONS = Path.of("src/test/resources/fuzz-regressions");
    private static final List<byte[]> SEEDS = seeds();

    /** Byte strings that steer mutants into the parsers' interesting corners. */
    private static final List<String> TOKENS = List.of(": ", "- ", "&a ", "*a", "!!java.lang.Object ", "!x ", "[", "]",
            "{", "}", "\"", "'", "\t", "\n", "\r\n", "\uFEFF", "---\n", "? ", "|\n", ">-\n", "%TAG ! x:\n", "0x",
            "0xffffffff", "00004400", "leaf: ", "ecx: ", "host: ", "cpuid:\n", "CPUID 00000001: ", "-", "[SL 01]",
            "------[ Logical CPU #1 ]------\n", "basic_cpuid[", "ext_cpuid[", "]=", "   0x00000001 0x00: eax=",
            "CPU 1:\n", "<cpuid eax_in='0x1' ", "<!DOCTYPE x [<!ENTITY e \"e\">]>", "&e;", "<cpudata>", "</cpudata>",
            "{\"Level\":", "\"Eax\":\"", "0000:0000:0000:0000:0000:0000:0000:0001", "processor\t: 1\n",
            "flags\t\t: fpu sse2\n", "ID1ECX ", "\u0000", "\u00e9", "\u202e", "9".repeat(40));

    private static List<byte[]> seeds() {
        List<Path> roots = new ArrayList<>(List.of(Path.of("src/test/resources/dumps"), Path.of("profiles"),
                Path.of("rules/masks"), HostileCorpusTest.CORPUS, REGRESSIONS));
        Path corpus = Path.of("../shared/corpus");
        if (Files.isDirectory(corpus)) {
            roots.add(corpus);
        } else {
            System.err.println("ParserFuzzTest: ../shared/corpus absent, fuzzing from the repository's files only");
        }
        List<byte[]> out = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    if (Files.size(p) < 200_000 && !p.getFileName().toString().equals("COPYING")) {
                        out.add(Files.readAllBytes(p));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** One mutation of a byte string. */
    private interface Mutation {
        byte[] apply(byte[] in);
    }

    private static int at(byte[] in, int pos) {
        return in.length == 0 ? 0 : Math.floorMod(pos, in.length + 1);
    }

    @Provide
    Arbitrary<byte[]> mutants() {
        Arbitrary<Integer> pos = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Mutation> flip = Combinators.combine(pos, Arbitraries.integers().between(1, 255))
                .as((p, x) -> in -> {
                    if (in.length == 0) {
                        return in;
                    }
                    byte[] out = in.clone();
                    out[p % in.length] ^= x.byteValue();
                    return out;
                });
        Arbitrary<Mutation> delete = Combinators.combine(pos, Arbitraries.integers().between(1, 64))
                .as((p, n) -> in -> {
                    int from = at(in, p);
                    return Bytes.splice(in, from, Math.min(in.length, from + n), new byte[0]);
                });
        Arbitrary<Mutation> duplicate = Combinators.combine(pos, Arbitraries.integers().between(1, 200))
                .as((p, n) -> in -> {
                    int from = at(in, p);
                    int to = Math.min(in.length, from + n);
                    return Bytes.splice(in, to, to, Arrays.copyOfRange(in, from, to));
                });
        Arbitrary<Mutation> insert = Combinators.combine(pos, Arbitraries.of(TOKENS))
                .as((p, t) -> in -> Bytes.splice(in, at(in, p), at(in, p), t.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Mutation> truncate = pos.map(p -> in -> Arrays.copyOf(in, at(in, p)));
        Arbitrary<Mutation> crossover = Combinators.combine(pos, pos, Arbitraries.integers().between(0, SEEDS.size() - 1))
                .as((p, q, other) -> in -> {
                    byte[] o = SEEDS.get(other);
                    return Bytes.splice(in, at(in, p), in.length, Arrays.copyOfRange(o, at(o, q), o.length));
                });
        Arbitrary<List<Mutation>> mutations = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, flip), net.jqwik.api.Tuple.of(2, delete), net.jqwik.api.Tuple.of(2, duplicate),
                net.jqwik.api.Tuple.of(4, insert), net.jqwik.api.Tuple.of(1, truncate), net.jqwik.api.Tuple.of(1, crossover))
                .list().ofMinSize(1).ofMaxSize(6);
        return Combinators.combine(Arbitraries.integers().between(0, SEEDS.size() - 1), mutations).as((s, ms) -> {
            byte[] b = SEEDS.get(s);
            for (Mutation m : ms) {
                b = m.apply(b);
            }
            return b;
        });
    }

    @Property(tries = 1500, seed = "20061125", shrinking = ShrinkingMode.BOUNDED)
    void mutatedInputsNeverCrashHangOrLoseTheirLine(@ForAll("mutants") byte[] input) {
        try {
            check(input);
        } catch (AssertionError | RuntimeException e) {
            save(input);
            throw e;
        }
    }

    @Test
    void regressionsStayFixed() throws IOException {
        try (Stream<Path> s = Files.list(REGRESSIONS)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().equals("README.md")).sorted().toList()) {
                try {
                    check(Files.readAllBytes(p));
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(p + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** The oracle, applied to every parser that reads untrusted text. */
    static void check(byte[] input) {
        timed("profile parser", () -> {
            try {
                ProfileParser.Result r = new ProfileParser().parse("fuzz.yaml", TextFiles.decode(input));
                r.errors().forEach(ParserFuzzTest::assertLocated);
            } catch (YamlInputException e) {
                assertTrue(e.line() >= 1, "no line for " + e.getMessage());
            }
        });
        timed("catalogue parser", () -> {
            List<InputError> errors = new ArrayList<>();
            try {
                new CatalogLoader().parse("fuzz.yaml", TextFiles.decode(input), errors);
            } catch (YamlInputException e) {
                assertTrue(e.line() >= 1, "no line for " + e.getMessage());
            }
            errors.forEach(ParserFuzzTest::assertLocated);
        });
        DumpImporter importer = new DumpImporter();
        timed("dump detection", () -> assertImported(importer.read("fuzz.txt", input, ImportOptions.DEFAULTS)));
        for (DumpFormat f : DumpFormats.all()) {
            timed(f.id(), () -> assertImported(importer.read("fuzz.txt", input, new ImportOptions(null, null, f.id()))));
        }
    }

    private static void assertImported(ImportResult r) {
        assertTrue(r.ok() || !r.errors().isEmpty(), "neither a profile nor an error");
        r.errors().forEach(e -> {
            assertLocated(e);
            assertFalse(e.message().contains("internal error"), e::render);
        });
        r.warnings().forEach(e -> assertTrue(e.file().startsWith("fuzz"), e::render));
    }

    private static void assertLocated(InputError e) {
        assertTrue(e.file().startsWith("fuzz"), e::render);
        assertTrue(e.line() >= 1, () -> "no line: " + e.render());
    }

    private static void timed(String what, Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < MAX_MILLIS_PER_CALL, what + " took " + ms + " ms");
    }

    private static void save(byte[] input) {
        try {
            Path dir = Path.of("target/fuzz-findings");
            Files.createDirectories(dir);
            Path f = dir.resolve(ProfileLoader.sha256(input).substring(0, 16) + ".bin");
            Files.write(f, input);
            System.err.println("ParserFuzzTest: failing input saved as " + f);
        } catch (IOException e) {
            System.err.println("ParserFuzzTest: could not save the failing input: " + e);
        }
    }
}
