package io.cpuidmask.bench;

import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.engine.Policy;
import io.cpuidmask.engine.PolicyEngine;
import io.cpuidmask.engine.RuleCompiler;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.profile.ProfileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * The engine on generated estates of real CPUs: the shipped Drools rules against a plain-Java
 * bitwise pass over the same facts (masking only), so the rule engine's cost shows as a ratio.
 * Run with src/bench/bench.sh (not part of the test suite).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EngineBenchmark {

    /** hosts/clusters */
    @Param({"1000/10", "10000/100"})
    public String estate;

    private List<HostProfile> hosts;
    private List<GuestCatalog> guests;
    private PolicyEngine engine;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String[] parts = estate.split("/");
        Path dir = Files.createTempDirectory("cpuidmask-bench");
        EstateGenerator.fromProfiles(Path.of("profiles")).write(dir, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), 1);
        hosts = new ProfileLoader().load(List.of(dir)).hosts();
        guests = List.copyOf(new CatalogLoader().load(Path.of("rules/masks")).guests().values());
        engine = new PolicyEngine(new RuleCompiler().compile(List.of(Path.of("rules"))).ruleSet(), FeatureCatalogs.shipped(),
                Policy.NONE);
    }

    @Benchmark
    public int droolsRules() {
        return engine.evaluate(hosts, guests).outcomes().size();
    }

    @Benchmark
    public long plainJavaMasking() {
        return PlainMaskingPass.run(hosts, guests);
    }
}
