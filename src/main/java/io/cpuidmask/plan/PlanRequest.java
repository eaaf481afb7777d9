package io.cpuidmask.plan;

import io.cpuidmask.run.CheckRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to plan: the estate as check takes it (its inputs, the guests, empty for every catalogue,
 * and the policy), the files of hosts to add (joining {@code addCluster}, or when null the cluster
 * their profile names), the hosts to remove, and the most pools to split each cluster into (null:
 * no split).
 */
public record PlanRequest(CheckRequest estate, List<Path> adds, String addCluster, List<String> removes, Integer split) {

    public PlanRequest {
        Objects.requireNonNull(estate);
        adds = List.copyOf(adds);
        removes = List.copyOf(removes);
        if (estate.clusterGuests() != null) {
            throw new IllegalArgumentException("a plan checks every cluster against the same guests");
        }
        if (split != null && split < 1) {
            throw new IllegalArgumentException("--split needs at least 1 pool, not " + split);
        }
    }

    /** Hosts are added or removed: the plan compares before with after. */
    public boolean changes() {
        return !adds.isEmpty() || !removes.isEmpty();
    }
}
