package io.cpuidmask.engine;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.Severity;
import io.cpuidmask.model.Status;
import io.cpuidmask.report.Report;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import io.cpuidmask.support.TestEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** policy.yaml, waivers.yaml and several rule folders, as a site uses them. */
class SitePolicyTest {

    private static final Clock NOV_2026 = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private Report check(Path... ruleFolders) throws Exception {
        return new CheckRun(FeatureCatalogs.shipped(), NOV_2026).run(new CheckRequest(
                List.of(Path.of("profiles/seed")), List.of("windows"), List.of(ruleFolders), Path.of("rules/masks")));
    }

    private Path shippedCopy() throws IOException {
        Path dir = tmp.resolve("rules");
        Files.createDirectories(dir);
        TestEngine.copyShippedDrl(dir);
        return dir;
    }

    private static List<Finding> findings(Report r, String rule) {
        return r.clusters().get(0).findings().stream().filter(f -> f.getRuleId().equals(rule)).toList();
    }

    @Test
    void disabledRuleDoesNotFire() throws Exception {
        Path rules = shippedCopy();
        Files.writeString(rules.resolve("policy.yaml"), "disabled: [hidden-user-mode-feature]\n");
        Report r = check(rules);
        assertEquals(List.of(), r.inputErrors());
        assertEquals(List.of(), findings(r, "hidden-user-mode-feature"));
        assertEquals(Status.MASKED, r.clusters().get(0).status());
        assertTrue(r.ruleFiles().stream().anyMatch(f -> f.endsWith("policy.yaml")), "policy files are part of the evidence");
    }

    @Test
    void severityOverrideChangesTheVerdict() throws Exception {
        Path rules = shippedCopy();
        Files.writeString(rules.resolve("policy.yaml"), "severity:\n  hidden-user-mode-feature: ERROR\n");
        Report r = check(rules);
        assertEquals(Severity.ERROR, findings(r, "hidden-user-mode-feature").get(0).getSeverity());
        assertEquals(Status.FAIL, r.clusters().get(0).status());
    }

    @Test
    void unknownRuleIdsInPolicyAreErrors() throws Exception {
        Path rules = shippedCopy();
        Files.writeString(rules.resolve("policy.yaml"), "disabled:\n  - no-such-rule\nseverity:\n  other-missing: INFO\n  long-mode-missing: FATAL\n");
        Report r = check(rules);
        assertEquals(3, r.inputErrors().size(), r.inputErrors().toString());
        assertTrue(r.inputErrors().get(0).render().matches(".*policy\\.yaml:2: unknown rule id 'no-such-rule'"), r.inputErrors().toString());
    }

    @Test
    void mistypedRuleIdsGetTheNearestIdOnTheirLine() throws Exception {
        Path rules = shippedCopy();
        Files.writeString(rules.resolve("policy.yaml"), "disabled:\n  - nx-hiden\nseverity:\n  hidden-user-mode-featur: INFO\n");
        Files.writeString(rules.resolve("waivers.yaml"), "waivers:\n  - rule: long-mode-mising\n    reason: x\n    expires: 2027-01-01\n");
        List<String> errs = check(rules).inputErrors().stream().map(e -> e.render()).toList();
        assertTrue(errs.stream().anyMatch(e -> e.endsWith("policy.yaml:2: unknown rule id 'nx-hiden' (did you mean 'nx-hidden'?)")), errs.toString());
        assertTrue(errs.stream().anyMatch(e -> e.endsWith(
                "policy.yaml:4: unknown rule id 'hidden-user-mode-featur' (did you mean 'hidden-user-mode-feature'?)")), errs.toString());
        assertTrue(errs.stream().anyMatch(e -> e.endsWith(
                "waivers.yaml:2: unknown rule id 'long-mode-mising' (did you mean 'long-mode-missing'?)")), errs.toString());
    }

    @Test
    void activeWaiverKeepsTheFindingButNotInTheVerdict() throws Exception {
        Path rules = shippedCopy();
        Files.writeString(rules.resolve("waivers.yaml"), "waivers:\n  - rule: hidden-user-mode-feature\n    cluster: seed\n"
                + "    feature: SSE3\n    reason: \"vendor app pinned to SSE2 paths, ticket OPS-1234\"\n    expires: 2027-03-31\n");
        Report r = check(rules);
        Finding f = findings(r, "hidden-user-mode-feature").get(0);
        assertTrue(f.isWaived());
        assertEquals("vendor app pinned to SSE2 paths, ticket OPS-1234", f.getWaiver().getReason());
        assertEquals(Status.MASKED, r.clusters().get(0).status());
        assertEquals(0, r.count(Severity.WARNING));
        assertEquals(1, r.countWaived());
    }

    @Test
    void waiverForAnotherClusterDoesNotApply() throws Exception {
        Path rules = shippedCopy();
        Files.writeString(rules.resolve("waivers.yaml"), "waivers:\n  - rule: hidden-user-mode-feature\n    cluster: prod\n"
                + "    reason: other cluster\n    expires: 2027-03-31\n");
        assertEquals(Status.RISKY, check(rules).clusters().get(0).status());
    }

    @Test
    void expiredWaiverStopsMatchingAndWarnsNamingIt() throws Exception {
        Path rules = shippedCopy();
        Files.writeString(rules.resolve("waivers.yaml"), "waivers:\n  - rule: hidden-user-mode-feature\n"
                + "    reason: accepted until the hardware refresh\n    expires: 2026-06-30\n");
        Report r = check(rules);
        assertFalse(findings(r, "hidden-user-mode-feature").get(0).isWaived());
        Finding expired = findings(r, "waiver-expired").get(0);
        assertEquals(Severity.WARNING, expired.getSeverity());
        assertTrue(expired.getMessage().contains("waivers.yaml:2") && expired.getMessage().contains("2026-06-30"), expired.getMessage());
        assertEquals(Status.RISKY, r.clusters().get(0).status());
    }

    /** What used to be ignored silently: a second policy document, an unknown top-level key, a list of clusters. */
    @Test
    void policyAndWaiverFilesSayWhatTheyIgnoreNothing() throws Exception {
        Path rules = shippedCopy();
        Files.writeString(rules.resolve("policy.yaml"), "disabled: [nx-hidden]\n---\ndisabled: [hidden-user-mode-feature]\n");
        Files.writeString(rules.resolve("waivers.yaml"), "waiver:\n  - rule: nx-hidden\nwaivers:\n  - rule: hidden-user-mode-feature\n"
                + "    cluster: [seed, prod]\n    reason: x\n    expires: 2027-01-01\n");
        List<String> errs = check(rules).inputErrors().stream().map(e -> e.render()).toList();
        assertTrue(errs.stream().anyMatch(e -> e.endsWith("policy.yaml:3: policy.yaml must be one YAML document; found 2"
                + " (remove the '---' separators)")), errs.toString());
        assertTrue(errs.stream().anyMatch(e -> e.endsWith("waivers.yaml:1: unknown key 'waiver' (allowed: waivers)")), errs.toString());
        assertTrue(errs.stream().anyMatch(e -> e.endsWith("waivers.yaml:4: 'cluster' must be a single value (one waiver per"
                + " cluster, host or feature)")), errs.toString());
    }

    /** A waiver's reason reaches every report: a lone surrogate, which no UTF-8 writer can encode, is refused. */
    @Test
    void waiverReasonsMustBePrintable() throws Exception {
        Path rules = shippedCopy();
        Files.writeString(rules.resolve("waivers.yaml"), "waivers:\n  - rule: hidden-user-mode-feature\n    reason: \"ok\\ud800\"\n"
                + "    expires: 2027-01-01\n");
        List<String> errs = check(rules).inputErrors().stream().map(e -> e.render()).toList();
        assertTrue(errs.stream().anyMatch(e -> e.endsWith("waivers.yaml:2: 'reason' holds a lone surrogate, which no report can carry")),
                errs.toString());
    }

    @Test
    void badWaiversAreErrorsWithLines() throws Exception {
        Path rules = shippedCopy();
        Files.writeString(rules.resolve("waivers.yaml"), "waivers:\n  - rule: nope\n    reason: x\n    expires: 2027-01-01\n"
                + "  - rule: nx-hidden\n    expires: someday\n");
        Report r = check(rules);
        List<String> errs = r.inputErrors().stream().map(e -> e.render()).toList();
        assertTrue(errs.stream().anyMatch(e -> e.endsWith("waivers.yaml:2: unknown rule id 'nope'")), errs.toString());
        assertTrue(errs.stream().anyMatch(e -> e.endsWith("waivers.yaml:5: waiver needs a reason")), errs.toString());
        assertTrue(errs.stream().anyMatch(e -> e.endsWith("waivers.yaml:5: waiver needs expires: YYYY-MM-DD")), errs.toString());
    }

    @Test
    void siteRulesAddToShippedOnesAndIdsMustBeUnique() throws Exception {
        Path site = tmp.resolve("site");
        Files.createDirectories(site);
        Files.writeString(site.resolve("site.drl"), "package site\nimport io.cpuidmask.facts.*;\n"
                + "rule \"No clusters called seed\" @id(\"site-no-seed\") @severity(\"WARNING\") @description(\"naming\")\n"
                + "when\n  $cg : ClusterGuest( cluster == \"seed\" )\nthen\n"
                + "  insertLogical( Findings.of(kcontext, $cg).message(\"rename the cluster\").build() );\nend\n");
        Report r = check(Path.of("rules"), site);
        assertEquals(List.of(), r.inputErrors());
        assertEquals(1, findings(r, "site-no-seed").size());
        Files.writeString(site.resolve("site.drl"), Files.readString(site.resolve("site.drl")).replace("site-no-seed", "nx-hidden"));
        Report dup = check(Path.of("rules"), site);
        assertTrue(dup.inputErrors().stream().anyMatch(e -> e.message().contains("duplicate rule id 'nx-hidden'")), dup.inputErrors().toString());
        assertEquals(List.of(), dup.clusters());
    }
}
