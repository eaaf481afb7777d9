package io.cpuidmask.plan;

import io.cpuidmask.engine.PolicySources;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to plan: the estate's inputs, the files of hosts to add (joining {@code addCluster}, or when
 * null the cluster their profile names), the hosts to remove, the most pools to split each cluster
 * into (null: no split), the guests (empty: every catalogue) and the policy.
 */
public record PlanRequest(List<Path> inputs, List<Path> adds, String addCluster, List<String> removes, Integer split,
                          List<String> guests, PolicySources policy) {

    public PlanRequest {
        inputs = List.copyOf(inputs);
        adds = List.copyOf(adds);
        removes = List.copyOf(removes);
        guests = List.copyOf(guests);
        Objects.requireNonNull(policy);
        if (split != null && split < 1) {
            throw new IllegalArgumentException("--split needs at least 1 pool, not " + split);
        }
    }

    /** Hosts are added or removed: the plan compares before with after. */
    public boolean changes() {
        return !adds.isEmpty() || !removes.isEmpty();
    }
}
