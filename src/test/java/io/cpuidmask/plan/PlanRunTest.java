package io.cpuidmask.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.cli.Main;
import io.cpuidmask.model.Status;
import io.cpuidmask.report.Report;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plan's verdicts are check's on the hosts before and after: the same rules decide both. */
class PlanRunTest {

    private static final List<String> GUESTS = List.of("windows", "linux-64", "rhel9-64");
    private static final Path DUMP = Path.of("..", "shared", "corpus", "libcpuid", "intel", "x86-64", "golden-cove",
            "intel-xeon-w9-3475x.test");

    @TempDir
    Path tmp;

    private static Plan plan(List<Path> inputs, List<Path> adds, String cluster, List<String> removes, Integer split)
            throws PlanRun.UsageProblem {
        return new PlanRun(FeatureCatalogs.shipped(), Clock.systemUTC())
                .run(new PlanRequest(new CheckRequest(inputs, GUESTS, List.of(Path.of("rules")), Path.of("rules/masks")), adds,
                        cluster, removes, split));
    }

    /** check's outcome per guest of one cluster of these inputs. */
    private static Map<String, Plan.Outcome> check(String cluster, Path... inputs) throws Exception {
        Report r = new CheckRun(FeatureCatalogs.shipped(), Clock.systemUTC())
                .run(new CheckRequest(List.of(inputs), GUESTS, List.of(Path.of("rules")), Path.of("rules/masks")));
        assertEquals(List.of(), r.inputErrors());
        Map<String, Plan.Outcome> out = new TreeMap<>();
        for (ClusterResult c : r.clusters()) {
            if (c.cluster().equals(cluster)) {
                Set<String> hidden = new LinkedHashSet<>();
                c.masks().stream().map(MaskResult::hiddenFeatures).forEach(hidden::addAll);
                out.put(c.guest(), new Plan.Outcome(c.status(), List.copyOf(hidden)));
            }
        }
        return out;
    }

    private static Map<String, Plan.Outcome> side(Plan.ClusterPlan c, boolean after) {
        Map<String, Plan.Outcome> out = new TreeMap<>();
        c.guests().forEach(g -> out.put(g.guest(), after ? g.after() : g.before()));
        return out;
    }

    @Test
    void removingAHostGivesCheckOfTheHostsLeft() throws Exception {
        Plan p = plan(List.of(Path.of("profiles/seed")), List.of(), null, List.of("esx-b.lab"), null);
        assertEquals(List.of(), p.errors());
        Plan.ClusterPlan seed = p.clusters().get(0);
        assertEquals("seed", seed.cluster());
        assertEquals(List.of("esx-b.lab"), seed.removed());
        assertEquals(check("seed", Path.of("profiles/seed")), side(seed, false));
        assertEquals(check("seed", Path.of("profiles/seed/esx-a.yaml")), side(seed, true));
        assertEquals(Status.FAIL, seed.guests().stream().filter(g -> g.guest().equals("linux-64")).findFirst()
                .orElseThrow().before().status(), "esx-b has no long mode");
        assertEquals(Status.PASS, seed.guests().get(0).after().status(), "windows: one host agrees with itself");
        assertEquals(List.of("esx-a.lab"), seed.after().hosts());
        assertTrue(p.failsAfter(), "rhel9-64 needs x86-64-v2, which esx-a lacks");
    }

    @Test
    void addingACandidateGivesCheckOfTheClusterWithIt() throws Exception {
        assumeTrue(Files.isRegularFile(DUMP), "corpus dump not found: " + DUMP.toAbsolutePath());
        Path after = tmp.resolve("after");
        Files.createDirectories(after);
        for (String f : List.of("hsw-e5-2660v3.yaml", "snb-e5-2687w.yaml")) {
            Files.copy(Path.of("profiles/intel-mixed", f), after.resolve(f));
        }
        StringWriter sink = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(sink), new PrintWriter(sink), "import", DUMP.toString(), "--out",
                after.toString(), "--cluster", "intel-mixed"), sink.toString());

        Plan p = plan(List.of(Path.of("profiles")), List.of(DUMP), "intel-mixed", List.of("nhm-e5520.dc1"), null);
        assertEquals(List.of(), p.errors());
        assertEquals(1, p.clusters().size(), "only the changed cluster");
        Plan.ClusterPlan c = p.clusters().get(0);
        assertEquals(List.of(new Plan.Added("intel-xeon-w9-3475x", DUMP.toString())), c.added());
        assertEquals(check("intel-mixed", Path.of("profiles/intel-mixed")), side(c, false));
        assertEquals(check("intel-mixed", after), side(c, true));
        assertEquals(3, c.after().hosts().size());
        assertTrue(c.after().commonFeatures().size() > c.before().commonFeatures().size(), "the Nehalem held it back");
    }

    @Test
    void removingEveryHostLeavesNoAfter() throws Exception {
        Plan p = plan(List.of(Path.of("profiles/seed")), List.of(), null, List.of("esx-a.lab", "esx-b.lab"), null);
        Plan.ClusterPlan seed = p.clusters().get(0);
        assertNull(seed.after());
        assertTrue(seed.guests().stream().allMatch(g -> g.after() == null && g.before() != null));
    }

    @Test
    void anAddedHostOfAKnownNameIsAnInputError() throws Exception {
        Path dup = tmp.resolve("dup.yaml");
        Files.writeString(dup, Files.readString(Path.of("profiles/seed/esx-a.yaml")));
        Plan p = plan(List.of(Path.of("profiles/seed")), List.of(dup), null, List.of(), null);
        assertEquals(1, p.errors().size(), p.errors().toString());
        assertTrue(p.errors().get(0).render().startsWith(dup.toString() + ":"), p.errors().get(0).render());
        assertTrue(p.errors().get(0).message().contains("duplicate host name 'esx-a.lab'"));
        assertEquals(List.of(), p.clusters());
    }

    @Test
    void unknownHostsAndClustersAreUsageProblemsWithTheNearestName() throws Exception {
        PlanRun.UsageProblem host = assertThrows(PlanRun.UsageProblem.class,
                () -> plan(List.of(Path.of("profiles/seed")), List.of(), null, List.of("esx-b.lb"), null));
        assertTrue(host.getMessage().contains("no host 'esx-b.lb'") && host.getMessage().contains("did you mean 'esx-b.lab'"),
                host.getMessage());
        PlanRun.UsageProblem cluster = assertThrows(PlanRun.UsageProblem.class, () -> plan(List.of(Path.of("profiles/seed")),
                List.of(Path.of("profiles/intel-mixed/nhm-e5520.yaml")), "sed", List.of(), null));
        assertTrue(cluster.getMessage().contains("cluster 'sed'") && cluster.getMessage().contains("did you mean 'seed'"),
                cluster.getMessage());
    }

    @Test
    void splitsTheEstateAfterTheChanges() throws Exception {
        Plan p = plan(List.of(Path.of("profiles/intel-mixed")), List.of(), null, List.of("nhm-e5520.dc1"), 1);
        assertEquals(1, p.splits().size());
        assertEquals(List.of("hsw-e5-2660v3.dc1", "snb-e5-2687w.dc1"), p.splits().get(0).pools().get(0).hosts());
        Plan only = plan(List.of(Path.of("profiles/intel-mixed")), List.of(), null, List.of(), 2);
        assertEquals(List.of(), only.clusters(), "a split alone changes no cluster");
        assertEquals(List.of(), only.policy(), "and runs no rules");
        assertEquals(2, only.splits().get(0).pools().size());
    }
}
