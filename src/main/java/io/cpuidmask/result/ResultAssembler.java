package io.cpuidmask.result;

import io.cpuidmask.engine.PolicyEngine;
import io.cpuidmask.engine.RuleOutcome;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.facts.RegisterCheck;
import io.cpuidmask.model.MaskString;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what the rules derived into results: custom masks are '0' exactly where the rules hid a
 * bit, each hidden bit named by the feature catalogue. It decides nothing.
 */
public final class ResultAssembler {

    private final FeatureCatalog features;

    public ResultAssembler(FeatureCatalog features) {
        this.features = features;
    }

    /** The results of an evaluation, in its order (cluster, then guest). */
    public List<ClusterResult> results(PolicyEngine.Evaluation evaluation) {
        return results(evaluation.outcomes());
    }

    public List<ClusterResult> results(List<RuleOutcome> outcomes) {
        return outcomes.stream().map(this::result).toList();
    }

    public ClusterResult result(RuleOutcome o) {
        List<MaskResult> masks = new ArrayList<>();
        for (RegisterCheck c : o.checks()) {
            masks.add(mask(c, o.hiddenBits().getOrDefault(c.getKey(), 0), o.differingBits().getOrDefault(c.getKey(), 0),
                    o.vendor()));
        }
        return new ClusterResult(o.clusterGuest(), o.hosts(), o.status(), masks, o.findings());
    }

    /** Builds the custom and effective masks from the bits the rules hid. */
    private MaskResult mask(RegisterCheck c, int hiddenBits, int differingBits, String vendor) {
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
                c.getSource(), differingBits, c.getMissingOn());
    }
}
