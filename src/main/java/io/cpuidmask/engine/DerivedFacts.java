package io.cpuidmask.engine;

import io.cpuidmask.facts.ClusterGuest;
import io.cpuidmask.facts.DifferingBit;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.HiddenBit;
import io.cpuidmask.facts.MaskSet;
import io.cpuidmask.facts.RegisterCheck;
import io.cpuidmask.facts.Verdict;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.RuleInfo;
import io.cpuidmask.model.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.runtime.ClassObjectFilter;
import org.kie.api.runtime.KieSession;

/**
 * Reads what the rules derived (differing and hidden bits, findings, verdicts) out of a fired session, per
 * cluster and guest. It decides nothing; it only insists on the one verdict per guest that
 * rules/verdict.drl promises.
 */
final class DerivedFacts {

    private DerivedFacts() {
    }

    static List<RuleOutcome> collect(KieSession session, List<ClusterFacts.ClusterState> states) {
        // Hidden and differing bits belong to a mask set: each of its guests gets them.
        Map<MaskSet, Map<RegisterKey, Integer>> hidden = new HashMap<>();
        Map<MaskSet, Map<RegisterKey, Integer>> differing = new HashMap<>();
        Map<ClusterGuest, List<Finding>> findings = new HashMap<>();
        Map<ClusterGuest, List<Status>> verdicts = new HashMap<>();
        // By class: the session's object store keeps each class apart, so the catalogue and the
        // observations are not walked.
        for (Object o : session.getObjects(new ClassObjectFilter(HiddenBit.class))) {
            HiddenBit h = (HiddenBit) o;
            hidden.computeIfAbsent(h.getMaskSet(), k -> new HashMap<>()).merge(h.getKey(), 1 << h.getBit(), (a, b) -> a | b);
        }
        for (Object o : session.getObjects(new ClassObjectFilter(DifferingBit.class))) {
            DifferingBit d = (DifferingBit) o;
            differing.computeIfAbsent(d.getMaskSet(), k -> new HashMap<>()).merge(d.getKey(), 1 << d.getBit(), (a, b) -> a | b);
        }
        for (Object o : session.getObjects(new ClassObjectFilter(Finding.class))) {
            Finding f = (Finding) o;
            findings.computeIfAbsent(f.getClusterGuest(), k -> new ArrayList<>()).add(f);
        }
        for (Object o : session.getObjects(new ClassObjectFilter(Verdict.class))) {
            Verdict v = (Verdict) o;
            verdicts.computeIfAbsent(v.getClusterGuest(), k -> new ArrayList<>()).add(v.getStatus());
        }
        List<RuleOutcome> out = new ArrayList<>();
        for (ClusterFacts.ClusterState state : states) {
            for (Map.Entry<ClusterGuest, List<RegisterCheck>> e : state.checks().entrySet()) {
                ClusterGuest cg = e.getKey();
                List<Finding> fs = new ArrayList<>(findings.getOrDefault(cg, List.of()));
                fs.sort(null);
                out.add(new RuleOutcome(cg, state.input().hosts(), state.vendor(), e.getValue(),
                        hidden.getOrDefault(cg.getMaskSet(), Map.of()),
                        differing.getOrDefault(cg.getMaskSet(), Map.of()), fs, oneVerdict(cg, verdicts.getOrDefault(cg, List.of()))));
            }
        }
        return out;
    }

    private static Status oneVerdict(ClusterGuest cg, List<Status> vs) {
        if (vs.size() != 1) {
            throw new RuleRuntimeException(new RuleInfo("verdict", "verdict", null, null, "rules", 0),
                    "the rules gave " + (vs.isEmpty() ? "no verdict" : "several verdicts " + vs) + " for cluster '"
                            + cg.getCluster() + "' and guest '" + cg.getGuest()
                            + "' (rules/verdict.drl must derive exactly one Verdict per ClusterGuest)", null);
        }
        return vs.get(0);
    }
}
