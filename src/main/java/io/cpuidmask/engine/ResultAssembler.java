package io.cpuidmask.engine;

import io.cpuidmask.catalog.FeatureCatalog;
import io.cpuidmask.facts.ClusterGuest;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.HiddenBit;
import io.cpuidmask.facts.RegisterCheck;
import io.cpuidmask.facts.Verdict;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.runtime.KieSession;

/**
 * Reads what the rules derived (hidden bits, findings, verdicts) back out of a session and
 * assembles the results; it decides nothing: custom masks are '0' exactly where a HiddenBit is.
 */
final class ResultAssembler {

    private ResultAssembler() {
    }

    static List<ClusterResult> collect(KieSession session, List<ClusterFacts.ClusterState> states, FeatureCatalog features,
                                       RuleSet rules) {
        Map<ClusterGuest, Map<RegisterKey, Integer>> hidden = new HashMap<>();
        Map<ClusterGuest, List<Finding>> findings = new HashMap<>();
        Map<ClusterGuest, List<Status>> verdicts = new HashMap<>();
        for (Object o : session.getObjects()) {
            if (o instanceof HiddenBit h) {
                hidden.computeIfAbsent(h.getClusterGuest(), k -> new HashMap<>())
                        .merge(h.getKey(), 1 << h.getBit(), (a, b) -> a | b);
            } else if (o instanceof Finding f) {
                findings.computeIfAbsent(f.getClusterGuest(), k -> new ArrayList<>()).add(f);
            } else if (o instanceof Verdict v) {
                verdicts.computeIfAbsent(v.getClusterGuest(), k -> new ArrayList<>()).add(v.getStatus());
            }
        }
        List<ClusterResult> out = new ArrayList<>();
        for (ClusterFacts.ClusterState state : states) {
            out.addAll(results(state, hidden, findings, verdicts, features));
        }
        return out;
    }

    private static List<ClusterResult> results(ClusterFacts.ClusterState state, Map<ClusterGuest, Map<RegisterKey, Integer>> hidden,
                                               Map<ClusterGuest, List<Finding>> findings, Map<ClusterGuest, List<Status>> verdicts,
                                               FeatureCatalog features) {
        String vendor = state.vendor();
        List<HostProfile> hosts = state.input().hosts();
        List<ClusterResult> out = new ArrayList<>();
        for (Map.Entry<ClusterGuest, List<RegisterCheck>> e : state.checks().entrySet()) {
            ClusterGuest cg = e.getKey();
            List<MaskResult> masks = new ArrayList<>();
            for (RegisterCheck c : e.getValue()) {
                int bits = hidden.getOrDefault(cg, Map.of()).getOrDefault(c.getKey(), 0);
                masks.add(assemble(c, bits, vendor, features));
            }
            List<Finding> fs = new ArrayList<>(findings.getOrDefault(cg, List.of()));
            fs.sort(null);
            List<Status> vs = verdicts.getOrDefault(cg, List.of());
            if (vs.size() != 1) {
                throw new RuleRuntimeException(new RuleInfo("verdict", "verdict", null, null, "rules", 0),
                        "the rules gave " + (vs.isEmpty() ? "no verdict" : "several verdicts " + vs) + " for cluster '"
                                + cg.getCluster() + "' and guest '" + cg.getGuest()
                                + "' (rules/verdict.drl must derive exactly one Verdict per ClusterGuest)", null);
            }
            out.add(new ClusterResult(cg, hosts, vs.get(0), masks, fs));
        }
        return out;
    }

    /** Builds the custom and effective masks from the bits the rules hid. */
    private static MaskResult assemble(RegisterCheck c, int hiddenBits, String vendor, FeatureCatalog features) {
        MaskString custom = MaskString.hiding(hiddenBits);
        List<Integer> bits = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int b = 0; b < MaskString.BITS; b++) {
            if ((hiddenBits >>> b & 1) != 0) {
                bits.add(b);
                names.add(features.nameOf(c.getKey(), b, vendor));
            }
        }
        return new MaskResult(c.getKey(), c.getDefaultMask(), custom, custom.over(c.getDefaultMask()), bits, names,
                c.getSource(), c.getDiffering(), c.getMissingOn());
    }
}
