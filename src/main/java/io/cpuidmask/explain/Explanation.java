package io.cpuidmask.explain;

import java.util.List;

/** The hosts explained, sorted by name, and the features on which they differ, in bit order. */
public record Explanation(List<HostExplanation> hosts, List<FeatureDifference> differences) {

    public Explanation {
        hosts = List.copyOf(hosts);
        differences = List.copyOf(differences);
    }
}
