package io.cpuidmask.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpuidmask.bench.EstateGenerator;
import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.RegisterCheck;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.profile.ProfileLoader;
import io.cpuidmask.support.TestEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clusters that share a session get the results they get alone: on generated estates of diverse
 * CPUs, with clusters of one host and of many, every outcome of the batched engine (masks,
 * observations, findings, verdicts) equals that of a session per cluster.
 */
class SessionSharingTest {

    @TempDir
    Path tmp;

    @Test
    void batchedClustersGetTheResultsEachGetsAlone() throws IOException {
        List<GuestCatalog> guests = List.copyOf(new CatalogLoader().load(Path.of("rules/masks")).guests().values());
        EstateGenerator generator = EstateGenerator.fromProfiles(Path.of("profiles"));
        PolicyEngine engine = TestEngine.engine();
        int compared = 0;
        // one-host clusters, small ones, and bigger ones, from different seeds
        int[][] shapes = {{40, 40}, {60, 20}, {90, 6}};
        for (int seed = 1; seed <= shapes.length; seed++) {
            int[] shape = shapes[seed - 1];
            Path dir = tmp.resolve("estate-" + seed);
            generator.write(dir, shape[0], shape[1], seed);
            List<HostProfile> hosts = new ProfileLoader(null).load(List.of(dir)).hosts();
            List<String> batched = describe(engine.evaluate(hosts, guests).outcomes());
            Map<String, List<HostProfile>> clusters = hosts.stream()
                    .collect(Collectors.groupingBy(HostProfile::cluster, TreeMap::new, Collectors.toList()));
            List<RuleOutcome> alone = new ArrayList<>();
            clusters.forEach((name, members) -> alone.addAll(engine.evaluateCluster(name,
                    members.stream().sorted(Comparator.comparing(HostProfile::host)).toList(), guests)));
            assertEquals(describe(alone), batched, "seed " + seed);
            compared += batched.size();
        }
        assertTrue(compared >= 66 * guests.size(), "outcomes compared: " + compared);
    }

    /** Everything an outcome holds, as text (the fact classes compare by identity). */
    static List<String> describe(List<RuleOutcome> outcomes) {
        List<String> out = new ArrayList<>();
        for (RuleOutcome o : outcomes) {
            StringBuilder b = new StringBuilder(o.clusterGuest().getId()).append(' ').append(o.status())
                    .append(" vendor=").append(o.vendor()).append(" hosts=")
                    .append(o.hosts().stream().map(HostProfile::host).toList())
                    .append(" hidden=").append(o.hiddenBits()).append(" differing=").append(o.differingBits());
            for (RegisterCheck c : o.checks()) {
                b.append("\n  check ").append(c.getKey().label()).append(' ').append(c.getDefaultMask())
                        .append(" missing=").append(c.getMissingOn()).append(" differing=").append(c.getDiffering())
                        .append(" source=").append(c.getSource());
            }
            for (Finding f : o.findings()) {
                b.append("\n  ").append(f.getSeverity()).append(' ').append(f.getRuleId()).append(" host=")
                        .append(f.getHost()).append(" at=").append(f.getKey()).append('/').append(f.getBit())
                        .append(" feature=").append(f.getFeature()).append(" waived=").append(f.isWaived())
                        .append(": ").append(f.getMessage());
            }
            out.add(b.toString());
        }
        return out;
    }
}
