package io.cpuidmask.support;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.catalog.MaskEntry;
import io.cpuidmask.engine.Policy;
import io.cpuidmask.engine.PolicyEngine;
import io.cpuidmask.engine.RuleCompiler;
import io.cpuidmask.engine.RuleSet;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.SourceRef;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import io.cpuidmask.result.ResultAssembler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The shipped rules compiled once per test JVM, and small builders for hosts and guests. */
public final class TestEngine {

    private static RuleSet shipped;

    private TestEngine() {
    }

    public static synchronized RuleSet shippedRules() {
        if (shipped == null) {
            RuleCompiler.Result r = new RuleCompiler().compile(List.of(Path.of("rules")));
            if (!r.ok()) {
                throw new IllegalStateException("shipped rules do not compile: " + r.errors());
            }
            shipped = r.ruleSet();
        }
        return shipped;
    }

    /** Copies the shipped DRL files (not tests, catalogues or policy files) into {@code dir}; returns it. */
    public static Path copyShippedDrl(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(Path.of("rules"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".drl")).toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        return dir;
    }

    public static PolicyEngine engine() {
        return new PolicyEngine(shippedRules(), FeatureCatalogs.shipped(), Policy.NONE);
    }

    public static HostProfile host(String name, String cluster, String vendor, Map<RegisterKey, Integer> registers) {
        return new HostProfile(name, cluster, vendor, "", new TreeMap<>(registers), new SourceRef(name + ".yaml", 1), Map.of());
    }

    public static GuestCatalog guest(String id, String os, int bits, Map<RegisterKey, String> masks) {
        List<MaskEntry> entries = masks.entrySet().stream()
                .map(e -> new MaskEntry(e.getKey(), null, MaskString.parse(e.getValue()), "test", 1)).toList();
        return new GuestCatalog(id, id, os, bits, List.of(), entries, id + ".yaml");
    }

    public static ClusterResult checkOne(List<HostProfile> hosts, GuestCatalog guest) {
        PolicyEngine.Evaluation ev = engine().evaluate(hosts, List.of(guest));
        if (!ev.errors().isEmpty()) {
            throw new IllegalStateException(ev.errors().toString());
        }
        return new ResultAssembler(FeatureCatalogs.shipped()).results(ev).get(0);
    }

    public static MaskResult mask(ClusterResult r, RegisterKey key) {
        return r.masks().stream().filter(m -> m.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no mask for " + key + " in " + r.masks()));
    }
}
