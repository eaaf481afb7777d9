package io.cpuidmask.baseline;

import static io.cpuidmask.baseline.LimitingHostsTest.SSE3;
import static io.cpuidmask.baseline.LimitingHostsTest.SSE4_1;
import static io.cpuidmask.baseline.LimitingHostsTest.SSSE3;
import static io.cpuidmask.baseline.LimitingHostsTest.intel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.support.TestEngine;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Splitting clusters of hosts into pools: CPU kinds stay together, vendors apart, the figure is the pools' own. */
class PoolSplitterTest {

    private final BaselineCalculator calc = BaselineCalculator.shipped();

    private static HostProfile amd(String name) {
        Map<RegisterKey, Integer> r = new HashMap<>(intel(name, SSE3, 0).registers());
        r.put(RegisterKey.of(0, Register.EBX), 0x68747541);
        r.put(RegisterKey.of(0, Register.EDX), 0x69746e65);
        r.put(RegisterKey.of(0, Register.ECX), 0x444d4163);
        return TestEngine.host(name, "c", null, r);
    }

    /** The figure a split reports is the sum over its pools of hosts times common features. */
    private static long poolsScore(PoolSplitter.Split s) {
        return s.pools().stream().mapToLong(p -> (long) p.hosts().size() * p.commonFeatures().size()).sum();
    }

    @Test
    void theOddCpuGoesAloneAndTheAmdHostApart() {
        List<HostProfile> hosts = List.of(intel("new-1", SSE3 | SSSE3 | SSE4_1, 0), intel("old", SSE3, 0),
                intel("new-2", SSE3 | SSSE3 | SSE4_1, 0x0100_0000), amd("amd"));
        PoolSplitter.Split s = new PoolSplitter(calc).split("c", hosts, 3);
        assertEquals(PoolSplitter.Method.EXACT, s.method());
        assertEquals(List.of(List.of("new-1", "new-2"), List.of("amd"), List.of("old")),
                s.pools().stream().map(ClusterBaseline::hosts).toList(), "most hosts first, then by first host");
        assertEquals(poolsScore(s), s.score());
        assertTrue(s.score() > s.unsplit() && s.score() <= s.alone());
        // the two new hosts keep the two features the old one lacks
        ClusterBaseline unsplitIntel = calc.cluster("c", hosts.subList(0, 3));
        assertEquals(unsplitIntel.commonFeatures().size() + 2, s.pools().get(0).commonFeatures().size());

        PoolSplitter.Split two = new PoolSplitter(calc).split("c", hosts, 2);
        assertEquals(List.of(List.of("new-1", "old", "new-2"), List.of("amd")),
                two.pools().stream().map(ClusterBaseline::hosts).toList(), "two vendors, two pools: no choice");
        assertEquals(two.unsplit(), two.score());
    }

    @Test
    void moreVendorsThanPoolsIsNoSplit() {
        PoolSplitter.Split s = new PoolSplitter(calc).split("c", List.of(intel("i", SSE3, 0), amd("a")), 1);
        assertEquals(PoolSplitter.Method.NONE, s.method());
        assertEquals(List.of(), s.pools());
        assertTrue(s.note().contains("2 vendors"), s.note());
    }

    @Test
    void realCpusExactAndHeuristicAgreeWithTheirPools() throws Exception {
        assumeTrue(Files.isDirectory(CorpusDumps.ROOT), "corpus not found at " + CorpusDumps.ROOT.toAbsolutePath());
        List<HostProfile> intel = new ArrayList<>();
        for (java.nio.file.Path f : CorpusDumps.files()) {
            HostProfile h = CorpusDumps.read(f, "c");
            if ("GenuineIntel".equals(h.vendor())) {
                intel.add(h);
            }
        }
        List<HostProfile> twelve = intel.subList(0, Math.min(12, intel.size()));
        PoolSplitter.Split exact = new PoolSplitter(calc).split("c", twelve, 3);
        PoolSplitter.Split heuristic = new PoolSplitter(calc, 0).split("c", twelve, 3);
        assertEquals(PoolSplitter.Method.EXACT, exact.method());
        assertEquals(PoolSplitter.Method.HEURISTIC, heuristic.method());
        assertEquals(poolsScore(exact), exact.score());
        assertEquals(poolsScore(heuristic), heuristic.score());
        assertTrue(heuristic.score() <= exact.score() && heuristic.score() >= heuristic.unsplit(),
                heuristic.score() + " vs exact " + exact.score());
        assertEquals(3, exact.pools().size());
        // more than 12 kinds: the heuristic, with its figure
        if (intel.size() > PoolSplitter.EXACT_KINDS) {
            PoolSplitter.Split all = new PoolSplitter(calc).split("c", intel, 4);
            assertEquals(PoolSplitter.Method.HEURISTIC, all.method());
            assertEquals(poolsScore(all), all.score());
            assertTrue(all.score() >= all.unsplit());
        }
    }
}
