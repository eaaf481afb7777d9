package io.cpuidmask.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Limiting-host gains on clusters of real CPUs (the shared corpus) against a computation of their
 * own: plain set intersection of each host's set bits, without the calculator.
 */
class LimitingHostsCorpusTest {

    private static final RegisterKey EXT1_EDX = RegisterKey.of(0x8000_0001L, Register.EDX);
    private final BaselineCalculator calc = BaselineCalculator.shipped();

    /** The named bit positions ("00000001.ecx:9") a host has; LM implies SYSCALL (README: x86-64 levels). */
    private static Set<String> bitsOf(HostProfile h, List<FeatureBit> universe) {
        Set<String> out = new TreeSet<>();
        boolean lm = h.value(EXT1_EDX).isPresent() && (h.value(EXT1_EDX).getAsInt() >>> 29 & 1) == 1;
        for (FeatureBit f : universe) {
            var v = h.value(f.key());
            boolean syscall = lm && f.key().equals(EXT1_EDX) && f.bit() == 11;
            if (v.isPresent() && ((v.getAsInt() >>> f.bit() & 1) == 1 || syscall)) {
                out.add(f.key().label() + ":" + f.bit());
            }
        }
        return out;
    }

    private static Set<String> intersection(List<Set<String>> sets) {
        Set<String> out = new TreeSet<>(sets.get(0));
        sets.forEach(out::retainAll);
        return out;
    }

    /** Expected gains per group of hosts with the same bits: what the others share that all do not. */
    private static Map<Set<String>, Set<String>> expected(List<HostProfile> cluster, List<FeatureBit> universe) {
        Map<Set<String>, List<String>> groups = new LinkedHashMap<>();
        for (HostProfile h : cluster) {
            groups.computeIfAbsent(bitsOf(h, universe), k -> new ArrayList<>()).add(h.host());
        }
        Map<Set<String>, Set<String>> out = new HashMap<>();
        if (groups.size() < 2) {
            return out;
        }
        Set<String> all = intersection(new ArrayList<>(groups.keySet()));
        groups.forEach((bits, hosts) -> {
            List<Set<String>> others = groups.keySet().stream().filter(b -> b != bits).toList();
            Set<String> gains = intersection(others);
            gains.removeAll(all);
            out.put(new HashSet<>(hosts), gains);
        });
        return out;
    }

    private static Map<Set<String>, Set<String>> actual(ClusterBaseline b) {
        Map<Set<String>, Set<String>> out = new HashMap<>();
        for (LimitingHost l : b.limitingHosts()) {
            Set<String> gains = new TreeSet<>();
            l.gains().forEach(f -> gains.add(f.key().label() + ":" + f.bit()));
            out.put(new HashSet<>(l.hosts()), gains);
        }
        return out;
    }

    /** The corpus's clusters, random clusters of 3 to 8 of its CPUs of one vendor, and a CPU twice over. */
    private static List<List<HostProfile>> clusters() throws Exception {
        List<List<HostProfile>> out = new ArrayList<>(CorpusDumps.clusters());
        Random random = new Random(16);
        for (List<HostProfile> vendor : List.of(out.get(out.size() - 1), vendorCluster(out, "GenuineIntel"))) {
            for (int i = 0; i < 40; i++) {
                List<HostProfile> pick = new ArrayList<>(vendor);
                java.util.Collections.shuffle(pick, random);
                out.add(pick.subList(0, Math.min(pick.size(), 3 + random.nextInt(6))));
            }
        }
        List<HostProfile> twice = new ArrayList<>(vendorCluster(out, "GenuineIntel").subList(0, 3));
        HostProfile first = twice.get(0);
        twice.add(new HostProfile(first.host() + "-copy", first.cluster(), first.vendor(), "", first.registers(),
                first.source(), Map.of()));
        out.add(twice);
        return out;
    }

    private static List<HostProfile> vendorCluster(List<List<HostProfile>> clusters, String vendor) {
        return clusters.stream().filter(c -> vendor.equals(c.get(0).vendor()))
                .max(java.util.Comparator.comparingInt(List::size)).orElseThrow();
    }

    @Test
    void gainsMatchPlainSetIntersectionOnRealCpus() throws Exception {
        assumeTrue(Files.isDirectory(CorpusDumps.ROOT), "corpus not found at " + CorpusDumps.ROOT.toAbsolutePath());
        int compared = 0;
        int withGains = 0;
        Map<String, List<FeatureBit>> universes = new HashMap<>();
        for (List<HostProfile> cluster : clusters()) {
            List<FeatureBit> universe = universes.computeIfAbsent(cluster.get(0).vendor(),
                    v -> new FeatureBits(FeatureCatalogs.shipped(), CpuMap.shipped(), v).all());
            ClusterBaseline b = calc.cluster("c", cluster);
            String which = cluster.stream().map(HostProfile::host).toList().toString();
            assertEquals(expected(cluster, universe), actual(b), which);
            for (int i = 1; i < b.limitingHosts().size(); i++) {
                assertTrue(b.limitingHosts().get(i - 1).gains().size() >= b.limitingHosts().get(i).gains().size(), which);
            }
            compared += b.limitingHosts().size();
            withGains += (int) b.limitingHosts().stream().filter(l -> !l.gains().isEmpty()).count();
        }
        assertTrue(compared > 200 && withGains > 100, compared + " entries, " + withGains + " with gains");
    }
}
