package io.cpuidmask.engine;

import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.facts.ClusterGuest;
import io.cpuidmask.facts.Waiver;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.profile.ProfileLoader;
import io.cpuidmask.support.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/RULES.md's fact tables are the fact model the engine really runs: every type Java inserts
 * and every type the shipped rules derive, over the shipped profiles and every shipped guest, is
 * a row of the right table, each row is such a type, and all of them live in {@code facts}.
 */
class FactModelDocumentationTest {

    private final Set<Class<?>> inserted = new ConcurrentSkipListSet<>((a, b) -> a.getName().compareTo(b.getName()));
    private final Set<Class<?>> derived = new ConcurrentSkipListSet<>((a, b) -> a.getName().compareTo(b.getName()));
    private final Set<Integer> clustersPerSession = new ConcurrentSkipListSet<>();

    @Test
    void theDocumentedFactTablesAreWhatTheEngineInsertsAndTheRulesDerive() throws Exception {
        run();
        String doc = Files.readString(Path.of("docs", "RULES.md"));
        assertEquals(tableTypes(doc, "## Facts Java inserts"), names(inserted), "Java-inserted facts vs docs/RULES.md");
        assertEquals(tableTypes(doc, "## Facts rules derive"), names(derived), "rule-derived facts vs docs/RULES.md");
        for (Class<?> c : union()) {
            assertEquals("io.cpuidmask.facts", c.getPackageName(), c + ": every fact type lives in io.cpuidmask.facts");
        }
        // Sessions hold several clusters, so the docs must tell rule authors to join on cluster.
        assertTrue(clustersPerSession.stream().anyMatch(n -> n > 1), "expected a session with several clusters");
        assertTrue(doc.toLowerCase(Locale.ROOT).contains("several clusters share a session"), "docs/RULES.md must say clusters share a session");
    }

    private void run() {
        List<HostProfile> hosts = new ArrayList<>(new ProfileLoader(null).load(List.of(Path.of("profiles"))).hosts());
        HostProfile scalable = hosts.stream().filter(h -> h.cluster().equals("intel-scalable")).findFirst().orElseThrow();
        hosts.addAll(firmwareLag(scalable));
        hosts.addAll(microcodeDrift(scalable));
        var guests = List.copyOf(new CatalogLoader().load(Path.of("rules/masks")).guests().values());
        LocalDate today = LocalDate.of(2026, 1, 1);
        Policy policy = new Policy(Set.of(), Map.of(), List.of(
                new Waiver("hidden-user-mode-feature", null, null, "SSE3", "a waiver, so that one is inserted",
                        today.plusDays(1), today, "waivers.yaml", 1)));
        PolicyEngine engine = new PolicyEngine(TestEngine.shippedRules(), FeatureCatalogs.shipped(), policy)
                .watchingSessions(session -> session.addEventListener(new DefaultRuleRuntimeEventListener() {
                    private final Set<String> clusters = new TreeSet<>();

                    @Override
                    public void objectInserted(ObjectInsertedEvent event) {
                        (event.getRule() == null ? inserted : derived).add(event.getObject().getClass());
                        if (event.getObject() instanceof ClusterGuest cg && clusters.add(cg.getCluster())) {
                            clustersPerSession.add(clusters.size());
                        }
                    }
                }));
        var evaluation = engine.evaluate(hosts, guests);
        assertTrue(evaluation.errors().isEmpty(), evaluation.errors()::toString);
    }

    /** Two hosts of one CPU model, one with NX switched off in firmware: FirmwareLag's case. */
    private static List<HostProfile> firmwareLag(HostProfile model) {
        RegisterKey extEdx = RegisterKey.of(0x80000001L, Register.EDX);
        SortedMap<RegisterKey, Integer> noNx = new TreeMap<>(model.registers());
        noNx.put(extEdx, noNx.get(extEdx) & ~(1 << 20));
        return List.of(new HostProfile("nx-on", "lagging", model.vendor(), "", model.registers(), model.source(), Map.of()),
                new HostProfile("nx-off", "lagging", model.vendor(), "", noNx, model.source(), Map.of()));
    }

    /** Two hosts of one CPU on different microcode revisions: MicrocodeRevision's and MicrocodeReference's case. */
    private static List<HostProfile> microcodeDrift(HostProfile model) {
        return List.of(new HostProfile("mc-new", "drifting", model.vendor(), "", model.registers(), model.source(), Map.of(),
                        0x2007006L, null),
                new HostProfile("mc-old", "drifting", model.vendor(), "", model.registers(), model.source(), Map.of(),
                        0x2006e05L, null));
    }

    private Set<Class<?>> union() {
        Set<Class<?>> all = new HashSet<>(inserted);
        all.addAll(derived);
        return all;
    }

    private static Set<String> names(Set<Class<?>> classes) {
        Set<String> out = new TreeSet<>();
        classes.forEach(c -> out.add(c.getSimpleName()));
        return out;
    }

    /** The type names in the first column of the table under {@code heading}. */
    private static Set<String> tableTypes(String doc, String heading) {
        int start = doc.indexOf(heading);
        assertTrue(start >= 0, "docs/RULES.md has no section " + heading);
        int end = doc.indexOf("\n## ", start + heading.length());
        Set<String> out = new TreeSet<>();
        for (String line : doc.substring(start, end < 0 ? doc.length() : end).split("\n")) {
            if (line.startsWith("| `")) {
                String cell = line.substring(3, line.indexOf('`', 3));
                out.add(cell.replaceAll("\\(.*", ""));
            }
        }
        return out;
    }
}
