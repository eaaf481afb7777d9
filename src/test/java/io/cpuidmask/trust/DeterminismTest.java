package io.cpuidmask.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same inputs give byte-identical reports in every format, apart from the generation time,
 * whatever the order in which files are named, the files' names (and so the order in which hosts
 * reach the engine) and the number of threads.
 */
class DeterminismTest {

    private static final List<String> FILES = List.of("report.json", "report.md", "report.html", "report.junit.xml",
            "report.sarif");
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z?";

    @TempDir
    Path tmp;

    private Path in;
    private final List<Path> inputs = new ArrayList<>();

    @BeforeEach
    void copyInputs() throws IOException {
        in = tmp.resolve("in");
        try (Stream<Path> s = Files.walk(Path.of("profiles"))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path target = in.resolve(Path.of("profiles").relativize(p).toString());
                Files.createDirectories(target.getParent());
                inputs.add(Files.copy(p, target));
            }
        }
        Files.createDirectories(in.resolve("dumps"));
        for (String d : List.of("esx-a.vmware.txt", "xeon-e5520.libcpuid.txt", "epyc-7763.libvirt.xml",
                "this-host.cpuinfo.txt", "esx-irwindale.vsphere.json")) {
            inputs.add(Files.copy(Path.of("src/test/resources/dumps", d), in.resolve("dumps").resolve(d)));
        }
        // One bad input too, so that input errors are part of what must be stable.
        inputs.add(Files.writeString(in.resolve("broken.yaml"), "host: broken\ncpuid:\n  - leaf: 0x1\n    ecx: 1234\n"));
    }

    /** All six outputs of one run, the generation time replaced. */
    private Map<String, String> run(Path out, ForkJoinPool pool, List<Path> paths) throws Exception {
        List<String> args = new ArrayList<>(List.of("check"));
        paths.forEach(p -> args.add(p.toString()));
        args.addAll(List.of("--out", out.toString(), "--format", "text", "--format", "json", "--format", "md",
                "--format", "html", "--format", "junit", "--format", "sarif"));
        // Parallel streams started from a pool's worker run in that pool: this is how many threads parse and evaluate.
        Cli.Run r = pool == null ? Cli.run(args.toArray(String[]::new))
                : pool.submit(() -> Cli.run(args.toArray(String[]::new))).get();
        assertEquals(3, r.code(), r::toString);
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("stdout", r.out().replaceAll(TIME, "TIME"));
        outputs.put("stderr", r.err().replace(out.toString(), "OUT"));
        for (String f : FILES) {
            outputs.put(f, Files.readString(out.resolve(f)).replaceAll(TIME, "TIME"));
        }
        return outputs;
    }

    private static void assertSame(Map<String, String> expected, Map<String, String> actual, String what) {
        for (String k : expected.keySet()) {
            assertEquals(expected.get(k), actual.get(k), what + ": " + k + " differs");
        }
    }

    @Test
    void fileOrderAndThreadsDoNotChangeAnyReport() throws Exception {
        Map<String, String> first = run(tmp.resolve("o1"), null, List.of(in));
        assertSame(first, run(tmp.resolve("o2"), null, List.of(in)), "same run again");
        List<Path> reversed = new ArrayList<>(inputs);
        Collections.reverse(reversed);
        ForkJoinPool one = new ForkJoinPool(1);
        ForkJoinPool four = new ForkJoinPool(4);
        try {
            assertSame(first, run(tmp.resolve("o3"), one, reversed), "files named in reverse, one thread");
            List<Path> shuffled = new ArrayList<>(inputs);
            Collections.shuffle(shuffled, new Random(7));
            assertSame(first, run(tmp.resolve("o4"), four, shuffled), "files shuffled, four threads");
        } finally {
            one.shutdown();
            four.shutdown();
        }
    }

    @Test
    void renamingFilesSoThatHostsArriveInReverseOrderChangesOnlyTheNames() throws Exception {
        Map<String, String> first = run(tmp.resolve("o1"), null, List.of(in));
        // Same content under names that sort the other way round; dumps keep their names (they name their host).
        Path renamed = tmp.resolve("ni");
        Map<String, String> names = new LinkedHashMap<>();
        List<Path> yaml = inputs.stream().filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        for (int i = 0; i < yaml.size(); i++) {
            Path target = renamed.resolve(String.format("%02d_%s", yaml.size() - i, yaml.get(i).getFileName()));
            Files.createDirectories(renamed);
            Files.copy(yaml.get(i), target);
            names.put(target.toString(), yaml.get(i).toString());
        }
        Files.createDirectories(renamed.resolve("dumps"));
        for (Path p : inputs.stream().filter(p -> !p.toString().endsWith(".yaml")).toList()) {
            Path target = renamed.resolve("dumps").resolve(p.getFileName());
            Files.copy(p, target);
            names.put(target.toString(), p.toString());
        }
        Map<String, String> second = run(tmp.resolve("o2"), null, List.of(renamed));
        // Compare what was decided: the JSON report with each file named as in the first run, inputs listed by file.
        ObjectMapper om = new ObjectMapper();
        String json = second.get("report.json");
        for (Map.Entry<String, String> e : names.entrySet()) {
            json = json.replace(e.getKey(), e.getValue());
        }
        JsonNode a = om.readTree(first.get("report.json"));
        JsonNode b = om.readTree(json);
        assertEquals(a.get("clusters"), b.get("clusters"), "clusters, masks and findings");
        assertEquals(a.get("inputErrors"), b.get("inputErrors"));
        assertEquals(sortedByFile(a.get("inputs")), sortedByFile(b.get("inputs")));
    }

    private static List<String> sortedByFile(JsonNode inputs) {
        List<String> out = new ArrayList<>();
        inputs.forEach(n -> out.add(n.toString()));
        Collections.sort(out);
        return out;
    }
}
