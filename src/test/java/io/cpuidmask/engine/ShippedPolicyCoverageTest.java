package io.cpuidmask.engine;

import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.model.RuleInfo;
import io.cpuidmask.support.TestEngine;
import io.cpuidmask.verify.PolicyTestCase;
import io.cpuidmask.verify.PolicyTestLoader;
import io.cpuidmask.verify.PolicyTestRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped policy's unit tests (rules/tests) pass, and every rule is shown both firing and silent. */
class ShippedPolicyCoverageTest {

    /** Rules the shipped catalogues cannot make fire; each is covered by a JUnit test named here instead. */
    private static final Map<String, String> FIRING_ELSEWHERE = Map.of(
            "required-feature-missing", "LegendTest (the only T bit shipped is LM, which long-mode-missing reports)",
            "forbidden-feature-present", "LegendTest (no shipped catalogue has an F bit)",
            "waiver-expired", "SitePolicyTest (policy tests cannot supply a waivers.yaml)",
            "guest-minimum-not-visible", "GuestMinimumVisibilityTest (shipped catalogues pass minimum features through)");

    private static final PolicyTestLoader.Loaded CASES = new PolicyTestLoader().load(Path.of("rules"));

    @TestFactory
    List<DynamicTest> everyShippedCasePasses() {
        assertEquals(List.of(), CASES.errors());
        CatalogLoader.Loaded catalogs = new CatalogLoader().load(Path.of("rules/masks"));
        PolicyTestRunner runner = new PolicyTestRunner(TestEngine.shippedRules(), FeatureCatalogs.shipped(), Policy.NONE,
                catalogs.guests());
        return CASES.cases().stream().map(c -> DynamicTest.dynamicTest(c.where() + " " + c.name(), () -> {
            PolicyTestRunner.Outcome o = runner.run(c);
            assertTrue(o.passed(), () -> String.join("\n", o.failures()));
        })).toList();
    }

    @Test
    void everyFindingRuleIsShownFiringAndSilent() {
        Set<String> fires = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        Set<String> statuses = new TreeSet<>();
        for (PolicyTestCase c : CASES.cases()) {
            c.findings().forEach(f -> fires.add(f.rule()));
            silent.addAll(c.absent());
            if (c.status() != null) {
                statuses.add(c.status());
            }
        }
        Set<String> missingFire = new TreeSet<>();
        Set<String> missingSilent = new TreeSet<>();
        for (RuleInfo r : TestEngine.shippedRules().rules()) {
            if (r.severity() == null) {
                continue;
            }
            if (!fires.contains(r.id()) && !FIRING_ELSEWHERE.containsKey(r.id())) {
                missingFire.add(r.id());
            }
            if (!silent.contains(r.id())) {
                missingSilent.add(r.id());
            }
        }
        assertEquals(Set.of(), missingFire, "rules with no case showing them fire");
        assertEquals(Set.of(), missingSilent, "rules with no case showing them silent");
        assertEquals(Set.of("FAIL", "MASKED", "PASS", "RISKY"), statuses, "every verdict shown");
        assertTrue(CASES.cases().stream().anyMatch(c -> c.hidden().values().stream().anyMatch(b -> !b.isEmpty())),
                "hide-differing-bit shown by a hidden expectation");
    }
}
