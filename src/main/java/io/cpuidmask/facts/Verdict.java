package io.cpuidmask.facts;

import io.cpuidmask.model.Status;
import java.util.Objects;

/** Derived by the verdict rules: the status of one cluster and guest. */
public final class Verdict {

    private final ClusterGuest clusterGuest;
    private final Status status;

    public Verdict(ClusterGuest clusterGuest, Status status) {
        this.clusterGuest = clusterGuest;
        this.status = status;
    }

    public ClusterGuest getClusterGuest() { return clusterGuest; }
    public Status getStatus() { return status; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Verdict v && v.clusterGuest.equals(clusterGuest) && v.status == status;
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterGuest, status);
    }

    @Override
    public String toString() {
        return clusterGuest + " " + status;
    }
}
