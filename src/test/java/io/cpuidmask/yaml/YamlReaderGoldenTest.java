package io.cpuidmask.yaml;

import io.cpuidmask.files.Sha256;
import io.cpuidmask.support.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins everything {@link SafeYaml} says about a text: each document's data with its Java types,
 * the line of every key, item and path, and each refusal's line and message. Inputs: every YAML
 * file of the repository, and mutants of a few of them made with a fixed seed. The golden file was
 * written by {@code LineTrackingYamlReader}, which subclassed yamlbeans' {@code YamlReader}; every
 * reader after it (issue 14: from the public event parser; issue 17: a faster profile phase) must
 * say the same.
 *
 * <p>Each line of the golden file: input name, SHA-256 of the input, SHA-256 of what the reader
 * said. A repository file edited since is skipped (its own tests cover it); a changed mutant seed
 * fails, and so does a changed reading. After a deliberate change:
 * {@code mvn -q test -Dtest=YamlReaderGoldenTest -Dgolden.update=true}, then review the diff.
 */
class YamlReaderGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/yaml/reader-golden.txt");
    private static final List<String> ROOTS = List.of("profiles", "rules", "src/main/resources", "src/test/resources");
    private static final List<String> MUTANT_SEEDS = List.of("profiles/seed/esx-a.yaml", "profiles/seed/esx-b.yaml",
            "rules/masks/windows.yaml", "rules/tests/seed.yaml", "src/test/resources/hostile/profiles/multi-document-one-bad.yaml",
            "src/test/resources/hostile/profiles/complex-key.yaml", "src/test/resources/hostile/profiles/flow-unclosed.yaml",
            "src/test/resources/hostile/profiles/anchor-alias.yaml");
    private static final int MUTANTS = 3000;
    /** Strings that steer mutants into YAML's corners: flow and block collections, nulls, markers, NEL. */
    private static final List<String> TOKENS = List.of(": ", "- ", "-\n", "  - ", "    ", "&a ", "*a", "!x ", "!!str ",
            "[", "]", "{", "}", "[a, b]", "{a: b}", "{a: [b, {c: d}]}", "- - ", "[[", ",", "\"", "'", "'a''b'", "\"\\N\"",
            "? ", "? a\n: b\n", "? [a]\n: b\n", "&x [a]", "!!map {", "|\n", ">-\n", ": |", "%TAG ! x:\n", "---\n", "--- ",
            "...\n", "<<: ", "~", ": ~\n", "null", ": Null\n", "- NULL\n", ": \"null\"\n", "''", "\u0085", "\u2028", "#", " # c\n", "\n", "\n\n",
            "\t", " ", "leaf: ", "ecx: ", "host: ", "cpuid:\n", "0x1");

    @Test
    void readsEveryInputAsTheGoldenFileSays() throws IOException {
        Map<String, byte[]> inputs = inputs();
        String rows = rows(inputs);
        Map<String, String[]> actual = new LinkedHashMap<>();
        for (String row : rows.split("\n")) {
            String[] f = row.split(" ");
            actual.put(f[0], new String[] {f[1], f[2]});
        }
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, rows);
        }
        assertTrue(Files.isRegularFile(GOLDEN), GOLDEN + " missing: run with -Dgolden.update=true and review it");
        int compared = 0;
        for (String row : Files.readAllLines(GOLDEN)) {
            String[] f = row.split(" ");
            String[] now = actual.get(f[0]);
            boolean mutant = f[0].startsWith("mutant-");
            if (mutant) {
                assertTrue(now != null && now[0].equals(f[1]), f[0] + ": the mutant seeds changed; regenerate " + GOLDEN
                        + " (-Dgolden.update=true) with a reader you trust");
            } else if (now == null || !now[0].equals(f[1])) {
                continue; // a file edited or removed since: its own tests say what it must give
            }
            String name = f[0];
            assertEquals(f[2], now[1], () -> name + " is read differently from " + GOLDEN + "; it now reads as:\n"
                    + abbreviate(render(inputs.get(name))));
            compared++;
        }
        assertTrue(compared >= MUTANTS + 50, "only " + compared + " inputs compared");
    }

    /** The golden file's rows for these inputs. */
    static String rows(Map<String, byte[]> inputs) {
        StringBuilder out = new StringBuilder();
        inputs.forEach((name, bytes) -> out.append(name).append(' ').append(sha256(bytes)).append(' ')
                .append(sha256(render(bytes).getBytes(StandardCharsets.UTF_8))).append('\n'));
        return out.toString();
    }

    /** What the reader says about one input, one fact a line. */
    static String render(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        try {
            String text = TextFiles.decode(bytes);
            for (SafeYaml.Document d : SafeYaml.readAll(text)) {
                out.append("document at ").append(d.lines().documentLine()).append('\n');
                walk(d.data(), "", d.lines(), out, 1);
            }
        } catch (YamlInputException e) {
            out.append("refused at ").append(e.line()).append(": ").append(e.getMessage()).append('\n');
        }
        return out.toString();
    }

    private static void walk(Object node, String path, LineIndex lines, StringBuilder out, int depth) {
        String indent = "  ".repeat(depth);
        out.append(indent).append(path).append(" at ").append(lines.lineOf(path)).append(": ");
        if (node instanceof Map<?, ?> m) {
            out.append(m.getClass().getSimpleName()).append('\n');
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = e.getKey();
                out.append(indent).append(" key ").append(k == null ? "(null)" : "'" + k + "' " + k.getClass().getSimpleName())
                        .append(" at ").append(lines.lineOfKey(m, k, -1)).append('\n');
                walk(e.getValue(), LineIndex.child(path, String.valueOf(k)), lines, out, depth + 1);
            }
        } else if (node instanceof List<?> l) {
            out.append(l.getClass().getSimpleName()).append(' ').append(l.size()).append('\n');
            for (int i = 0; i < l.size(); i++) {
                out.append(indent).append(" item ").append(i).append(" at ").append(lines.lineOfItem(l, i, -1)).append('\n');
                walk(l.get(i), LineIndex.item(path, i), lines, out, depth + 1);
            }
        } else {
            out.append(node == null ? "(null)" : node.getClass().getSimpleName() + " '" + node + "'").append('\n');
        }
    }

    static Map<String, byte[]> inputs() throws IOException {
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        for (String root : ROOTS) {
            try (Stream<Path> s = Files.walk(Path.of(root))) {
                for (Path p : s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                    inputs.put(p.toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            }
        }
        List<byte[]> seeds = new ArrayList<>();
        for (String s : MUTANT_SEEDS) {
            seeds.add(Files.readAllBytes(Path.of(s)));
        }
        Random random = new Random(20061125);
        for (int i = 0; i < MUTANTS; i++) {
            byte[] b = seeds.get(random.nextInt(seeds.size()));
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                b = mutate(b, random, seeds);
            }
            inputs.put(String.format("mutant-%04d", i), b);
        }
        return inputs;
    }

    private static byte[] mutate(byte[] in, Random r, List<byte[]> seeds) {
        int at = r.nextInt(in.length + 1);
        byte[] token = TOKENS.get(r.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8);
        return switch (r.nextInt(6)) {
            case 0 -> Bytes.splice(in, at, Math.min(in.length, at + 1 + r.nextInt(40)), new byte[0]);
            case 1 -> {
                int to = Math.min(in.length, at + 1 + r.nextInt(120));
                yield Bytes.splice(in, to, to, Arrays.copyOfRange(in, at, to));
            }
            case 2 -> {
                byte[] other = seeds.get(r.nextInt(seeds.size()));
                yield Bytes.splice(in, at, in.length, Arrays.copyOfRange(other, r.nextInt(other.length + 1), other.length));
            }
            case 3 -> Bytes.splice(in, lineStart(in, at), lineStart(in, at), token);
            default -> Bytes.splice(in, at, at, token);
        };
    }

    /** Where the line holding {@code at} starts: tokens put there make mutants that still read. */
    private static int lineStart(byte[] in, int at) {
        int i = at;
        while (i > 0 && in[i - 1] != '\n') {
            i--;
        }
        return i;
    }

    private static String sha256(byte[] bytes) {
        return Sha256.hex(bytes).substring(0, 16);
    }

    private static String abbreviate(String s) {
        return s.length() > 4000 ? s.substring(0, 4000) + "\n..." : s;
    }
}
