package io.cpuidmask.engine;

import io.cpuidmask.cache.Cache;
import io.cpuidmask.cache.CacheFolder;
import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.model.Version;
import io.cpuidmask.profile.ProfileLoader;
import io.cpuidmask.report.Report;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import io.cpuidmask.support.TestEngine;
import io.cpuidmask.verify.PolicyTestLoader;
import io.cpuidmask.verify.PolicyTestRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compiled-rules cache: a miss compiles and stores, a hit serves, anything odd falls back to compiling. */
class RuleCacheTest {

    @TempDir
    Path cacheDir;

    @TempDir
    Path rulesCopy;

    private RuleCompiler compiler() {
        return new RuleCompiler(Optional.of(new RuleCache(new Cache(cacheDir, () -> "build-1", Cache.MAX_BYTES))));
    }

    private Path copyRules() throws Exception {
        TestEngine.copyShippedDrl(rulesCopy);
        return rulesCopy;
    }

    @Test
    void missThenHitGivesTheSameRulesAndResults() throws Exception {
        RuleCompiler.Result first = compiler().compile(List.of(Path.of("rules")));
        assertTrue(first.ok());
        assertFalse(first.ruleSet().fromCache(), "first compile is a miss");
        try (Stream<Path> files = Files.list(cacheDir)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("rules-")).count());
        }
        RuleCompiler.Result second = compiler().compile(List.of(Path.of("rules")));
        assertTrue(second.ruleSet().fromCache(), "second compile is served from the cache");
        assertEquals(first.ruleSet().rules(), second.ruleSet().rules());
        assertEquals(first.ruleSet().sha256(), second.ruleSet().sha256());
        PolicyEngine fresh = new PolicyEngine(first.ruleSet(), FeatureCatalogs.shipped(), Policy.NONE);
        PolicyEngine cached = new PolicyEngine(second.ruleSet(), FeatureCatalogs.shipped(), Policy.NONE);
        var guests = List.copyOf(new CatalogLoader().load(Path.of("rules/masks")).guests().values());
        var hosts = new ProfileLoader().load(List.of(Path.of("profiles"))).hosts();
        assertEquals(fresh.evaluate(hosts, guests).outcomes().toString(), cached.evaluate(hosts, guests).outcomes().toString());
    }

    /**
     * A cached rule base is built again from its packages, which Drools 10.1 adds one by one and, with
     * nodes shared, mis-segments (apache/incubator-kie#7109): guest-minimum-missing then kept a finding
     * for LM once long-mode-missing had said it. Fresh and cached, every shipped policy case passes.
     */
    @Test
    void freshAndCachedRulesPassTheShippedPolicyTests() {
        RuleSet fresh = compiler().compile(List.of(Path.of("rules"))).ruleSet();
        RuleSet cached = compiler().compile(List.of(Path.of("rules"))).ruleSet();
        assertTrue(cached.fromCache());
        var cases = new PolicyTestLoader().load(Path.of("rules")).cases();
        var guests = new CatalogLoader().load(Path.of("rules/masks")).guests();
        for (RuleSet rules : List.of(fresh, cached)) {
            PolicyTestRunner runner = new PolicyTestRunner(rules, FeatureCatalogs.shipped(), Policy.NONE, guests);
            for (var c : cases) {
                PolicyTestRunner.Outcome o = runner.run(c);
                assertTrue(o.passed(), () -> (rules.fromCache() ? "cached: " : "fresh: ") + c.name() + ": " + o.failures());
            }
        }
    }

    @Test
    void theShippedPolicyIsCachedUnderItsOwnKey() throws Exception {
        RuleCompiler.Result first = compiler().compile(PolicySources.shipped());
        assertTrue(first.ok(), first.errors()::toString);
        assertFalse(first.ruleSet().fromCache());
        RuleCompiler.Result second = compiler().compile(PolicySources.shipped());
        assertTrue(second.ruleSet().fromCache(), "the packaged policy is served from the cache");
        assertEquals(first.ruleSet().rules(), second.ruleSet().rules());
        String shipped = ShippedPolicy.label() + "/";
        assertTrue(second.ruleSet().files().stream().allMatch(f -> f.startsWith(shipped)), second.ruleSet().files()::toString);
        // The checkout's rules/ folder has the same content under other names: its own entry, its own names.
        RuleCompiler.Result checkout = compiler().compile(List.of(Path.of("rules")));
        assertFalse(checkout.ruleSet().fromCache());
        assertTrue(checkout.ruleSet().files().stream().allMatch(f -> f.startsWith("rules/")), checkout.ruleSet().files()::toString);
        try (Stream<Path> files = Files.list(cacheDir)) {
            assertEquals(2, files.filter(p -> p.getFileName().toString().startsWith("rules-")).count());
        }
    }

    @Test
    void changedRulesMissTheCache() throws Exception {
        Path rules = copyRules();
        compiler().compile(List.of(rules));
        Files.writeString(rules.resolve("risk.drl"), Files.readString(rules.resolve("risk.drl")) + "\n// changed\n");
        assertFalse(compiler().compile(List.of(rules)).ruleSet().fromCache());
    }

    @Test
    void corruptedCacheFileIsIgnoredAndRewritten() throws Exception {
        compiler().compile(List.of(Path.of("rules")));
        Path file;
        try (Stream<Path> files = Files.list(cacheDir)) {
            file = files.filter(p -> p.getFileName().toString().startsWith("rules-")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
        RuleCompiler.Result r = compiler().compile(List.of(Path.of("rules")));
        assertTrue(r.ok());
        assertFalse(r.ruleSet().fromCache(), "a corrupted entry is a miss");
        assertTrue(compiler().compile(List.of(Path.of("rules"))).ruleSet().fromCache(), "and was rewritten");
    }

    @Test
    void compileErrorsAreNeverCached() throws Exception {
        Path rules = copyRules();
        Files.writeString(rules.resolve("bad.drl"), "package x\nrule \"r\" @id(\"r\")\nwhen\n  Foo(\nthen\nend\n");
        assertFalse(compiler().compile(List.of(rules)).ok());
        assertFalse(compiler().compile(List.of(rules)).ok());
    }

    @Test
    void checkRunsTheSameWithTheCache() throws Exception {
        Report r = new CheckRun(FeatureCatalogs.shipped(), Clock.systemUTC()).run(new CheckRequest(
                List.of(Path.of("profiles/seed")), List.of("windows"), List.of(Path.of("rules")), Path.of("rules/masks")));
        assertEquals(List.of(), r.inputErrors());
        assertEquals(List.of(0, 2, 4), r.clusters().get(0).masks().get(1).hiddenBits());
    }

    /** The JVM is part of what a compiled rule base is about; the build is the cache's own key (CacheTest). */
    @Test
    void theKeyNamesTheSourcesAndTheJvm() {
        Map<String, String> sources = Map.of("rules/a.drl", "package x\n");
        assertEquals(RuleCompiler.cacheKey(sources), RuleCompiler.cacheKey(sources));
        assertNotEquals(RuleCompiler.cacheKey(sources), RuleCompiler.cacheKey(Map.of("rules/a.drl", "package y\n")));
        String here = CacheFolder.codeId();
        assertTrue(here.startsWith(Version.get() + "/"), here);
        assertEquals(here, CacheFolder.codeId(), "one id per run");
    }
}
