package io.cpuidmask.plan;

import io.cpuidmask.baseline.BaselineTextWriter;
import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.FeatureBit;
import io.cpuidmask.baseline.PoolSplitter;
import io.cpuidmask.model.InputError;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** {@code plan --format text}: per changed cluster, before and after; per split, its figure and pools. */
public final class PlanTextWriter {

    public void write(Plan plan, Writer writer) {
        PrintWriter out = new PrintWriter(writer);
        for (Plan.ClusterPlan c : plan.clusters()) {
            cluster(out, c);
        }
        for (PoolSplitter.Split s : plan.splits()) {
            split(out, s);
        }
        for (InputError e : plan.errors()) {
            out.println("input error: " + e.render());
        }
        out.printf("%d cluster(s) changed, %d split; CPU models from the %s%n", plan.clusters().size(),
                plan.splits().size(), BaselineTextWriter.CPU_MAP_PROVENANCE);
        out.flush();
    }

    private static void cluster(PrintWriter out, Plan.ClusterPlan c) {
        String change = c.added().stream().map(a -> "+ " + a.host() + " (" + a.file() + ")").collect(Collectors.joining(", "));
        String gone = c.removed().stream().map(r -> "- " + r).collect(Collectors.joining(", "));
        out.printf("== cluster %s: %s%n", c.cluster(), change.isEmpty() ? gone : gone.isEmpty() ? change : change + ", " + gone);
        out.printf("   before: %s%n", summary(c.before()));
        out.printf("   after:  %s%n", c.after() == null ? "no hosts left" : summary(c.after()));
        if (c.after() != null) {
            SortedSet<FeatureBit> was = new TreeSet<>(c.before().commonFeatures());
            SortedSet<FeatureBit> will = new TreeSet<>(c.after().commonFeatures());
            List<FeatureBit> gains = will.stream().filter(f -> !was.contains(f)).toList();
            List<FeatureBit> losses = was.stream().filter(f -> !will.contains(f)).toList();
            if (!gains.isEmpty()) {
                out.printf("   gains (%d): %s%n", gains.size(), names(gains, "+"));
            }
            if (!losses.isEmpty()) {
                out.printf("   loses (%d): %s%n", losses.size(), names(losses, "-"));
            }
        }
        int width = c.guests().stream().mapToInt(g -> g.guest().length()).max().orElse(0);
        for (Plan.GuestPlan g : c.guests()) {
            out.printf("   %-" + width + "s  %s%n", g.guest(), outcome(g.before(), g.after()));
        }
        out.println();
    }

    private static void split(PrintWriter out, PoolSplitter.Split s) {
        if (s.method() == PoolSplitter.Method.NONE) {
            out.printf("== cluster %s: not split into at most %d pools: %s%n%n", s.cluster(), s.maxPools(), s.note());
            return;
        }
        out.printf("== cluster %s: split into at most %d pools: %d pool(s), %s%n", s.cluster(), s.maxPools(),
                s.pools().size(), s.method() == PoolSplitter.Method.EXACT ? "optimal (exact search)"
                        : "best found (heuristic: merges, then moves; not proven optimal)");
        out.printf("   features kept, summed over hosts: %d (unsplit: %d; every CPU kind alone, the most possible: %d)%n%n",
                s.score(), s.unsplit(), s.alone());
        int n = 0;
        for (ClusterBaseline p : s.pools()) {
            BaselineTextWriter.writeCluster(out, "pool " + ++n + " of cluster " + s.cluster(), p);
        }
    }

    /** {@code 3 hosts, x86-64-v2, Nehalem, EVC Intel "Nehalem" Generation, 97 common features}. */
    private static String summary(ClusterBaseline b) {
        return b.hosts().size() + (b.hosts().size() == 1 ? " host, " : " hosts, ") + b.reaches() + ", "
                + b.commonFeatures().size() + " common features";
    }

    /** {@code RISKY -> FAIL, hides 24 -> 26 features: +SSSE3 +DCA -AES}: the verdicts and what the mask hides anew or no more. */
    private static String outcome(Plan.Outcome before, Plan.Outcome after) {
        if (after == null) {
            return before.status() + " -> no hosts left";
        }
        List<String> more = after.hidden().stream().filter(f -> !before.hidden().contains(f)).map(f -> "+" + f).toList();
        List<String> fewer = before.hidden().stream().filter(f -> !after.hidden().contains(f)).map(f -> "-" + f).toList();
        List<String> changed = new java.util.ArrayList<>(more);
        changed.addAll(fewer);
        return before.status() + " -> " + after.status() + ", hides " + before.hidden().size() + " -> "
                + after.hidden().size() + " features" + (changed.isEmpty() ? "" : ": " + String.join(" ", changed));
    }

    private static String names(List<FeatureBit> bits, String prefix) {
        return bits.stream().map(f -> prefix + f.name()).collect(Collectors.joining(" "));
    }
}
