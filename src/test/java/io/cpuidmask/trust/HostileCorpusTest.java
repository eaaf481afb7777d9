package io.cpuidmask.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpuidmask.files.InputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-input corpus ({@code src/test/resources/hostile}, cases listed in {@code manifest.csv})
 * through the real command line: each bad file is one {@code file:line: message} on stderr and in
 * report.json, exit 3, no stack trace, and the good hosts of the same run are still checked.
 */
class HostileCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/hostile");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row of the manifest. line -1: any line of the file; 0: no line. */
    record Case(String kind, String file, int exit, int line, String message) {

        Path source() {
            return CORPUS.resolve(file);
        }

        @Override
        public String toString() {
            return kind + " " + file;
        }
    }

    static List<Case> manifest() {
        try {
            List<Case> cases = new ArrayList<>();
            for (String l : Files.readAllLines(CORPUS.resolve("manifest.csv"))) {
                if (l.isBlank() || l.startsWith("#") || l.startsWith("kind|")) {
                    continue;
                }
                String[] f = l.split("\\|", -1);
                cases.add(new Case(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4]));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Case> cases() {
        return manifest().stream();
    }

    @TempDir
    Path tmp;

    /** The seed's two good hosts, in their own folder. */
    private Path good() throws IOException {
        Path dir = tmp.resolve("good");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            for (String h : new String[] {"esx-a.yaml", "esx-b.yaml"}) {
                Files.copy(Path.of("profiles/seed", h), dir.resolve(h));
            }
        }
        return dir;
    }

    private Path copy(Case c) throws IOException {
        Path target = tmp.resolve("in").resolve(c.file());
        Files.createDirectories(target.getParent());
        if (!Files.exists(target)) {
            Files.copy(c.source(), target);
        }
        return target;
    }

    private static JsonNode report(Path out) throws IOException {
        return JSON.readTree(out.resolve("report.json").toFile());
    }

    /** The two good hosts are checked: cluster seed, guest windows, RISKY as the README shows. */
    private static void assertGoodHostsChecked(JsonNode json, Cli.Run r) {
        JsonNode seed = null;
        for (JsonNode c : json.get("clusters")) {
            if (c.get("cluster").asText().equals("seed")) {
                seed = c;
            }
        }
        assertTrue(seed != null, () -> "cluster seed missing from report.json\n" + r);
        assertEquals("RISKY", seed.get("status").asText(), r::toString);
        assertEquals("[\"esx-a.lab\",\"esx-b.lab\"]", seed.get("hosts").toString(), r::toString);
    }

    private static void assertReported(Case c, String shown, Cli.Run r, JsonNode json) {
        List<String> about = r.linesAbout(shown);
        assertEquals(1, about.size(), () -> c + ": expected exactly one stderr line about " + shown + "\n" + r);
        String line = about.get(0);
        String prefix = c.line() > 0 ? shown + ":" + c.line() + ": " : c.line() == 0 ? shown + ": " : shown + ":";
        assertTrue(line.startsWith(prefix), () -> c + ": expected '" + prefix + "...', got '" + line + "'");
        if (c.line() < 0) {
            assertTrue(line.matches("\\Q" + shown + "\\E:[1-9]\\d*: .+"), () -> c + ": no line number in '" + line + "'");
        }
        assertTrue(line.contains(c.message()), () -> c + ": '" + c.message() + "' missing from '" + line + "'");
        if (json == null) {
            return;
        }
        int listed = 0;
        for (JsonNode e : json.get("inputErrors")) {
            if (e.get("file").asText().equals(shown)) {
                listed++;
                String rendered = (e.get("line").asInt() > 0 ? shown + ":" + e.get("line").asInt() : shown) + ": "
                        + e.get("message").asText();
                assertEquals(line, rendered, "report.json and stderr say the same");
            }
        }
        assertEquals(1, listed, () -> c + ": not listed once under inputErrors in report.json");
    }

    @Test
    void everyBadProfileAndDumpInOneRunIsOneLineAndTheGoodHostsAreStillChecked() throws IOException {
        List<String> args = new ArrayList<>(List.of("check", good().toString()));
        Set<Path> files = new TreeSet<>();
        for (Case c : manifest()) {
            if (c.kind().equals("profile") || c.kind().equals("dump") || c.kind().equals("accepted")) {
                files.add(copy(c));
            }
        }
        files.forEach(f -> args.add(f.toString()));
        Path out = tmp.resolve("out");
        args.addAll(List.of("--guest", "windows", "--format", "json", "--format", "text", "--out", out.toString()));
        long t0 = System.nanoTime();
        Cli.Run r = Cli.run(args.toArray(String[]::new));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(3, r.code(), r::toString);
        Cli.assertCleanStderr(r);
        JsonNode json = report(out);
        assertGoodHostsChecked(json, r);
        for (Case c : manifest()) {
            String shown = InputFiles.display(tmp.resolve("in").resolve(c.file()));
            if (c.kind().equals("accepted")) {
                assertTrue(json.toString().contains("\"host\":\"" + c.message() + "\""), () -> c + " not in report.json");
            } else if (c.kind().equals("profile") || c.kind().equals("dump")) {
                assertReported(c, shown, r, json);
            }
        }
        assertNull(System.getProperty(TagCanary.PROPERTY), "a YAML tag loaded or instantiated a class");
        assertTrue(ms < 30_000, "the whole hostile corpus took " + ms + " ms");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCaseAloneBesideTheGoodInputs(Case c) throws IOException {
        Path out = tmp.resolve("out");
        List<String> args = new ArrayList<>(List.of("check", good().toString(), "--guest", "windows",
                "--format", "json", "--format", "text", "--out", out.toString()));
        Path file = copy(c);
        switch (c.kind()) {
            case "profile", "dump", "accepted" -> args.add(1, file.toString());
            case "catalog" -> {
                Files.copy(Path.of("rules/masks/windows.yaml"), file.resolveSibling("windows.yaml"));
                args.addAll(List.of("--catalog", file.getParent().toString()));
            }
            case "rules" -> args.addAll(List.of("--rules", "rules", "--rules", file.getParent().toString()));
            default -> throw new IllegalArgumentException("unknown kind " + c.kind());
        }
        Cli.Run r = Cli.run(args.toArray(String[]::new));
        assertEquals(c.exit(), r.code(), () -> c + "\n" + r);
        Cli.assertCleanStderr(r);
        String shown = InputFiles.display(file);
        if (c.kind().equals("rules")) {
            // A broken policy decides nothing (a partial one could pass what it should not): the run
            // checked nothing, says why on stderr and writes no report.
            assertReported(c, shown, r, null);
            assertFalse(Files.exists(out), () -> c + ": a run that checked nothing wrote " + out + "\n" + r);
            return;
        }
        JsonNode json = report(out);
        if (c.kind().equals("accepted")) {
            assertTrue(json.toString().contains("\"host\":\"" + c.message() + "\""), () -> c + " not in report.json\n" + r);
            assertGoodHostsChecked(json, r);
            if (c.exit() == 0) {
                assertEquals(List.of(), r.linesAbout(shown), r::toString);
            }
            return;
        }
        assertReported(c, shown, r, json);
        assertGoodHostsChecked(json, r);
        assertNull(System.getProperty(TagCanary.PROPERTY), "a YAML tag loaded or instantiated a class");
    }
}
