package io.cpuidmask.engine;

import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.catalog.MaskEntry;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.MaskSet;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.MaskChar;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.profile.ProfileLoader;
import io.cpuidmask.support.TestEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guests whose catalogues give a cluster the same default masks share one MaskSet: its masking is
 * decided once, yet each guest keeps the findings its own attributes (os, bits, minimum) call for.
 * A guest whose masks differ in one bit gets a mask set of its own.
 */
class MaskSetSharingTest {

    @Test
    void guestsWithTheSameMasksShareOneMaskSetAndKeepTheirOwnFindings() {
        GuestCatalog linux = new CatalogLoader().load(Path.of("rules/masks")).guests().get("linux-64");
        // The same masks for a Windows guest; and linux-64 with AES (leaf 1 ECX bit 25) forced to 0.
        GuestCatalog twin = new GuestCatalog("windows-twin-64", "linux-64's masks", "windows", 64, List.of(),
                linux.entries(), "twin.yaml");
        RegisterKey ecx = RegisterKey.of(1, Register.ECX);
        GuestCatalog other = new GuestCatalog("linux-other-64", "one bit apart", "linux", 64, linux.minimum(),
                linux.entries().stream().map(e -> !e.key().equals(ecx) ? e
                        : new MaskEntry(e.key(), e.vendor(), e.mask().with(25, MaskChar.ZERO), e.source(), e.line())).toList(),
                "other.yaml");
        List<HostProfile> hosts = new ProfileLoader(null).load(List.of(Path.of("profiles/intel-mixed"))).hosts();
        Set<MaskSet> maskSets = ConcurrentHashMap.newKeySet();
        PolicyEngine engine = new PolicyEngine(TestEngine.shippedRules(), FeatureCatalogs.shipped(), Policy.NONE)
                .watchingSessions(s -> s.addEventListener(new DefaultRuleRuntimeEventListener() {
                    @Override
                    public void objectInserted(ObjectInsertedEvent event) {
                        if (event.getObject() instanceof MaskSet m) {
                            maskSets.add(m);
                        }
                    }
                }));
        Map<String, RuleOutcome> byGuest = engine.evaluate(hosts, List.of(linux, twin, other)).outcomes().stream()
                .collect(Collectors.toMap(o -> o.clusterGuest().getGuest(), Function.identity()));

        assertEquals(Set.of(List.of("linux-64", "windows-twin-64"), List.of("linux-other-64")),
                maskSets.stream().map(MaskSet::getGuests).collect(Collectors.toSet()));
        RuleOutcome l = byGuest.get("linux-64");
        RuleOutcome t = byGuest.get("windows-twin-64");
        RuleOutcome o = byGuest.get("linux-other-64");
        assertEquals(l.clusterGuest().getMaskSet(), t.clusterGuest().getMaskSet());
        assertNotEquals(l.clusterGuest().getMaskSet(), o.clusterGuest().getMaskSet());
        // One decision for both guests of the mask set...
        assertFalse(l.hiddenBits().isEmpty(), "the hosts differ: something is hidden");
        assertEquals(l.hiddenBits(), t.hiddenBits());
        assertEquals(l.differingBits(), t.differingBits());
        // ...but the Linux guest gets the start-up warning and the Windows twin the user-mode one, each its own.
        assertTrue(rules(l).contains("linux-hidden-simd"), rules(l)::toString);
        assertFalse(rules(t).contains("linux-hidden-simd"), rules(t)::toString);
        assertTrue(rules(t).contains("hidden-user-mode-feature"), rules(t)::toString);
        for (RuleOutcome each : List.of(l, t, o)) {
            assertTrue(each.findings().stream().allMatch(f -> f.getClusterGuest().equals(each.clusterGuest())));
        }
        // The guest one bit apart never shows AES, so it does not hide it: its own decision.
        assertEquals(0, o.hiddenBits().getOrDefault(ecx, 0) >>> 25 & 1);
        assertEquals(1, l.hiddenBits().getOrDefault(ecx, 0) >>> 25 & 1, "AES is hidden for linux-64 on these hosts");
    }

    private static Set<String> rules(RuleOutcome o) {
        return o.findings().stream().map(Finding::getRuleId).collect(Collectors.toCollection(TreeSet::new));
    }
}
