package io.cpuidmask.plan;

import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.PoolSplitter;
import io.cpuidmask.engine.PolicySources;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Status;
import java.util.List;
import java.util.Objects;

/**
 * What a plan found: per cluster it changes, the baseline and the guests' verdicts before and
 * after; per cluster of the estate after the changes, its split (with {@code --split}); the input
 * problems; and the policy folders whose rules gave the verdicts.
 */
public record Plan(List<ClusterPlan> clusters, List<PoolSplitter.Split> splits, List<InputError> errors,
                   List<InputError> warnings, List<PolicySources.Folder> policy) {

    public Plan {
        clusters = List.copyOf(clusters);
        splits = List.copyOf(splits);
        errors = errors.stream().sorted().toList();
        warnings = warnings.stream().sorted().toList();
        policy = List.copyOf(policy);
    }

    /** A host the plan adds, and the file it came from. */
    public record Added(String host, String file) {
        public Added {
            Objects.requireNonNull(host);
            Objects.requireNonNull(file);
        }
    }

    /**
     * One cluster the plan changes.
     *
     * @param after  the baseline after the change; null when no host is left
     * @param guests per guest, in the order of the catalogues checked
     */
    public record ClusterPlan(String cluster, List<Added> added, List<String> removed, ClusterBaseline before,
                              ClusterBaseline after, List<GuestPlan> guests) {
        public ClusterPlan {
            Objects.requireNonNull(before);
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            guests = List.copyOf(guests);
        }
    }

    /** A guest's verdict before and after; after is null when no host is left. */
    public record GuestPlan(String guest, Outcome before, Outcome after) {
        public GuestPlan {
            Objects.requireNonNull(before);
        }
    }

    /** A verdict and the features the custom mask hides for it. */
    public record Outcome(Status status, List<String> hidden) {
        public Outcome {
            Objects.requireNonNull(status);
            hidden = List.copyOf(hidden);
        }
    }

    /** Some guest FAILs after the change. */
    public boolean failsAfter() {
        return clusters.stream().flatMap(c -> c.guests().stream())
                .anyMatch(g -> g.after() != null && g.after().status() == Status.FAIL);
    }
}
