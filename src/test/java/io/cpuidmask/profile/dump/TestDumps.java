package io.cpuidmask.profile.dump;

import io.cpuidmask.cli.Main;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Test inputs: the shared corpus, the samples under src/test/resources/dumps, and a CLI runner. */
final class TestDumps {

    static final Path SAMPLES = Path.of("src/test/resources/dumps");
    static final Path CORPUS = Path.of("../shared/corpus/libcpuid");

    private TestDumps() {
    }

    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    static Path sample(String name) {
        return SAMPLES.resolve(name);
    }

    static String text(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every corpus dump; skips the calling test, saying why, when the corpus is not beside the project. */
    static List<Path> corpusFiles() {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS),
                "shared corpus not found at " + CORPUS.toAbsolutePath().normalize() + ": corpus tests skipped");
        try (Stream<Path> s = Files.walk(CORPUS)) {
            return s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The corpus dumps, or none when the corpus is absent (for tests that also cover other inputs). */
    static List<Path> corpusFilesIfPresent() {
        if (!Files.isDirectory(CORPUS)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(CORPUS)) {
            return s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RegisterKey key(long leaf, int subleaf, Register r) {
        return RegisterKey.of(leaf, subleaf, r);
    }

    static ImportResult importFile(Path p) {
        return new DumpImporter().read(p, p.toString(), ImportOptions.DEFAULTS);
    }

    static ImportResult importText(String name, String text) {
        return new DumpImporter().readText(name, text, ImportOptions.DEFAULTS);
    }
}
