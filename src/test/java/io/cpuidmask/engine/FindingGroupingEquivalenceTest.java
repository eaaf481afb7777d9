package io.cpuidmask.engine;

import io.cpuidmask.bench.EstateGenerator;
import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.catalog.MaskEntry;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.FindingItem;
import io.cpuidmask.facts.Waiver;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.MaskChar;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.profile.ProfileLoader;
import io.cpuidmask.support.TestEngine;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grouping changes how findings are told, not what they say: against the per-bit rules the
 * shipped ones replaced (kept in src/test/resources/per-bit-rules), every cluster and guest gets the
 * same verdict, hidden and differing bits, and its grouped findings, each expanded into its items,
 * give the same (rule, host, feature, register, bit, waived) tuples as the per-bit findings did.
 */
class FindingGroupingEquivalenceTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 1, 1);
    private static RuleSet perBit;
    private static List<GuestCatalog> guests;

    @BeforeAll
    static void compilePerBitRules() {
        RuleCompiler.Result r = new RuleCompiler(Optional.empty()).compile(List.of(Path.of("src/test/resources/per-bit-rules")));
        assertTrue(r.ok(), r.errors()::toString);
        perBit = r.ruleSet();
        guests = new ArrayList<>(new CatalogLoader().load(Path.of("rules/masks")).guests().values());
        guests.add(requiringAndForbidding(guests.stream().filter(g -> g.guest().equals("linux-64")).findFirst().orElseThrow()));
    }

    /** A guest whose 00000001.ecx has T bits (SSE4_2, POPCNT, AVX) and F bits (VMX, SMX): the rules no shipped catalogue fires. */
    private static GuestCatalog requiringAndForbidding(GuestCatalog g) {
        RegisterKey ecx = RegisterKey.of(1, Register.ECX);
        List<MaskEntry> entries = g.entries().stream().map(e -> !e.key().equals(ecx) ? e
                : new MaskEntry(e.key(), e.vendor(), e.mask().with(20, MaskChar.T).with(23, MaskChar.T).with(28, MaskChar.T)
                        .with(5, MaskChar.F).with(6, MaskChar.F), e.source(), e.line())).toList();
        return new GuestCatalog("strict-64", "T and F bits", g.os(), g.bits(), g.minimum(), entries, "strict-64.yaml");
    }

    @Test
    void shippedProfiles() {
        assertSame(new ProfileLoader(null).load(List.of(Path.of("profiles"))).hosts(), Policy.NONE);
    }

    @Test
    void generatedEstateWithWaivers(@TempDir Path estate) throws Exception {
        EstateGenerator.fromProfiles(Path.of("profiles")).write(estate, 1500, 40, 17);
        List<HostProfile> hosts = new ProfileLoader(null).load(List.of(estate)).hosts();
        // A waiver of one feature splits its groups; an expired one warns; a host-scoped one waives one host's group.
        Policy policy = new Policy(Set.of(), Map.of(), List.of(
                new Waiver("hidden-user-mode-feature", null, null, "AVX2", "app pinned", TODAY.plusDays(9), TODAY, "w.yaml", 1),
                new Waiver("guest-minimum-missing", null, null, "POPCNT", "old", TODAY.minusDays(1), TODAY, "w.yaml", 5),
                new Waiver("firmware-switchable-difference", null, hosts.get(0).host(), null, "known", TODAY.plusDays(9),
                        TODAY, "w.yaml", 9)));
        Counts counts = assertSame(hosts, policy);
        // (the estate's microcode drift is one finding per host and kind either way, so the ratio is not 10x here)
        assertTrue(counts.grouped * 2 < counts.perBit, "grouping shrinks the findings: " + counts);
    }

    record Counts(int perBit, int grouped) {
    }

    private static Counts assertSame(List<HostProfile> hosts, Policy policy) {
        List<RuleOutcome> before = new PolicyEngine(perBit, FeatureCatalogs.shipped(), policy).evaluate(hosts, guests).outcomes();
        List<RuleOutcome> after = new PolicyEngine(TestEngine.shippedRules(), FeatureCatalogs.shipped(), policy)
                .evaluate(hosts, guests).outcomes();
        assertEquals(before.size(), after.size());
        Set<String> rules = new TreeSet<>();
        int perBitCount = 0;
        int groupedCount = 0;
        for (int i = 0; i < before.size(); i++) {
            RuleOutcome b = before.get(i);
            RuleOutcome a = after.get(i);
            String where = a.clusterGuest().getId();
            assertEquals(b.clusterGuest(), a.clusterGuest());
            assertEquals(b.status(), a.status(), where);
            assertEquals(b.hiddenBits(), a.hiddenBits(), where);
            assertEquals(b.differingBits(), a.differingBits(), where);
            assertEquals(tuples(b.findings()), tuples(a.findings()), where);
            b.findings().forEach(f -> rules.add(f.getRuleId()));
            perBitCount += b.findings().size();
            groupedCount += a.findings().size();
        }
        assertTrue(rules.containsAll(List.of("hidden-user-mode-feature", "linux-hidden-simd", "guest-minimum-missing",
                "required-feature-missing", "forbidden-feature-present", "register-not-compared")), "rules compared: " + rules);
        return new Counts(perBitCount, groupedCount);
    }

    /** What the findings say, one tuple per item: rule, host, feature, register, bit, waived. */
    static Set<String> tuples(List<Finding> findings) {
        Set<String> out = new TreeSet<>();
        for (Finding f : findings) {
            List<FindingItem> items = f.getItems();
            if (items.isEmpty()) {
                out.add(tuple(f, null, null, null));
            }
            for (FindingItem i : items) {
                out.add(tuple(f, i.getFeature(), i.getKey(), i.getBit()));
            }
        }
        return out;
    }

    private static String tuple(Finding f, String feature, RegisterKey key, Integer bit) {
        return String.join(" | ", f.getRuleId(), String.valueOf(f.getHost()), String.valueOf(feature),
                String.valueOf(key), String.valueOf(bit), f.isWaived() ? "waived" : "counts");
    }
}
