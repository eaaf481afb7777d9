package io.cpuidmask.bench;

import com.esotericsoftware.yamlbeans.parser.Event;
import com.esotericsoftware.yamlbeans.parser.EventType;
import com.esotericsoftware.yamlbeans.parser.Parser;
import io.cpuidmask.yaml.SafeYaml;
import io.cpuidmask.yaml.TextFiles;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The YAML reader against the floor it stands on: yamlbeans' event parser alone (every event
 * pulled, nothing built) and {@link SafeYaml#readAll} (maps, lists, lines, refusals) on the same
 * texts, so the reader's own cost shows as a ratio. Inputs: the shipped profiles, and a generated
 * estate of 1,000 hosts in 10 files. Run with {@code src/bench/bench.sh yaml} (not a test).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class YamlReadBenchmark {

    @Param({"shipped", "estate-1000"})
    public String input;

    private List<String> texts;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Path.of("profiles");
        if (input.startsWith("estate-")) {
            dir = Files.createTempDirectory("cpuidmask-bench");
            int hosts = Integer.parseInt(input.substring("estate-".length()));
            EstateGenerator.fromProfiles(Path.of("profiles")).write(dir, hosts, hosts / 100, 1);
        }
        texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                texts.add(TextFiles.read(p));
            }
        }
    }

    @Benchmark
    public long yamlbeansParser() {
        long events = 0;
        for (String text : texts) {
            Parser parser = new Parser(new StringReader(text));
            for (Event e = parser.getNextEvent(); e != null && e.type != EventType.STREAM_END; e = parser.getNextEvent()) {
                events++;
            }
        }
        return events;
    }

    @Benchmark
    public long safeYaml() throws Exception {
        long documents = 0;
        for (String text : texts) {
            documents += SafeYaml.readAll(text).size();
        }
        return documents;
    }
}
