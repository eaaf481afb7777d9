package io.cpuidmask.engine;

import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.FindingItem;
import io.cpuidmask.facts.Waiver;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Status;
import io.cpuidmask.profile.ProfileLoader;
import io.cpuidmask.support.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Findings grouped where they say the same thing: per rule, cluster, guest, group of hosts and waiver. */
class FindingGroupingTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 1, 1);
    private static final List<HostProfile> SEED = new ProfileLoader(null).load(List.of(Path.of("profiles/seed"))).hosts();
    private static final Map<String, GuestCatalog> GUESTS = new CatalogLoader().load(Path.of("rules/masks")).guests();

    @TempDir
    Path tmp;

    private static RuleOutcome check(RuleSet rules, Policy policy, String guest) {
        PolicyEngine.Evaluation e = new PolicyEngine(rules, FeatureCatalogs.shipped(), policy)
                .evaluate(SEED, List.of(GUESTS.get(guest)));
        assertEquals(List.of(), e.errors());
        return e.outcomes().get(0);
    }

    private static List<Finding> of(RuleOutcome o, String rule) {
        return o.findings().stream().filter(f -> f.getRuleId().equals(rule)).toList();
    }

    private static List<String> features(Finding f) {
        return f.getItems().stream().map(FindingItem::getFeature).toList();
    }

    @Test
    void oneFindingListsEveryHiddenFeatureOfAClusterAndGuest() {
        List<Finding> hidden = of(check(TestEngine.shippedRules(), Policy.NONE, "other-64"), "hidden-user-mode-feature");
        assertEquals(1, hidden.size(), hidden.toString());
        Finding f = hidden.get(0);
        assertEquals(List.of("SSE3", "CX16"), features(f));
        assertEquals(List.of(0, 13), f.getItems().stream().map(FindingItem::getBit).toList());
        assertEquals("SSE3", f.getFeature(), "feature, key and bit are the first item's");
        assertTrue(f.getMessage().startsWith("hiding SSE3, CX16 (00000001.ecx bits 0, 13) does not stop user-mode code:"
                + " applications that run CPUID themselves may still use them"), f.getMessage());
    }

    @Test
    void aWaivedFeatureIsAFindingOfItsOwnAndTheRestStillCounts() {
        Policy policy = new Policy(Set.of(), Map.of(), List.of(
                new Waiver("hidden-user-mode-feature", "seed", null, "sse3", "pinned", TODAY.plusDays(30), TODAY, "w.yaml", 2)));
        RuleOutcome o = check(TestEngine.shippedRules(), policy, "other");
        assertEquals(Status.MASKED, o.status(), "other hides SSE3 only: waived, it no longer counts");
        RuleOutcome both = check(TestEngine.shippedRules(), policy, "other-64");
        List<Finding> hidden = of(both, "hidden-user-mode-feature");
        assertEquals(2, hidden.size(), hidden.toString());
        Finding waived = hidden.stream().filter(Finding::isWaived).findFirst().orElseThrow();
        Finding counts = hidden.stream().filter(f -> !f.isWaived()).findFirst().orElseThrow();
        assertEquals(List.of("SSE3"), features(waived));
        assertEquals(List.of("CX16"), features(counts));
        assertTrue(counts.getMessage().startsWith("hiding CX16 (00000001.ecx bit 13) does not"), counts.getMessage());
        assertEquals(Status.FAIL, both.status(), "long mode still fails it");
    }

    @Test
    void hostsLackingTheSameValuesAreOneFinding() {
        // windows-64 needs LAHF_LM (both hosts lack it: one register value), NX (each lacks it in a value of its own), CX16
        List<Finding> missing = of(check(TestEngine.shippedRules(), Policy.NONE, "windows-64"), "guest-minimum-missing");
        assertEquals(List.of("esx-a.lab: [LAHF_LM]", "esx-a.lab: [NX]", "esx-b.lab: [CX16, NX]"),
                missing.stream().map(f -> f.getHost() + ": " + features(f)).sorted().toList());
        Finding b = missing.stream().filter(f -> "esx-b.lab".equals(f.getHost())).findFirst().orElseThrow();
        assertEquals("host esx-b.lab lacks CX16 (00000001.ecx bit 13), NX (80000001.edx bit 20), which guest 'windows-64'"
                + " needs to run: the guest cannot run there, and hiding them from the other hosts is no fix (NX may be"
                + " disabled in firmware: check the BIOS)", b.getMessage());
    }

    @Test
    void aRuleCannotReportTheItemsOfAnother() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("steal.drl"), """
                package site
                import io.cpuidmask.facts.*;
                rule "Steals" @id("site-steals") @severity("INFO") @description("reports another rule's items")
                when
                    $cg : ClusterGuest()
                    accumulate( $i : FindingItem( rule == "hidden-user-mode-feature", clusterGuest == $cg ); $items : collectList( $i ); $items.size() > 0 )
                    $g : FindingGroup() from FindingGroup.of( $items )
                then
                    insertLogical( Findings.of(kcontext, $cg).items($g).message("mine").build() );
                end
                """);
        RuleCompiler.Result rules = new RuleCompiler(Optional.empty()).compile(List.of(Path.of("rules")), List.of(site));
        assertTrue(rules.ok(), rules.errors()::toString);
        PolicyEngine.Evaluation e = new PolicyEngine(rules.ruleSet(), FeatureCatalogs.shipped(), Policy.NONE)
                .evaluate(SEED, List.of(GUESTS.get("other")));
        assertEquals(1, e.errors().size(), e.errors().toString());
        assertTrue(e.errors().get(0).render().matches(".*site/steal\\.drl:3: rule 'Steals' failed at run time: IllegalStateException:"
                + " rule 'site-steals' reports items of rule 'hidden-user-mode-feature' for seed/other: .*"),
                e.errors().get(0).render());
    }
}
