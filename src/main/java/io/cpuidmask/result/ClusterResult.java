package io.cpuidmask.result;

import io.cpuidmask.facts.ClusterGuest;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Status;
import java.util.List;

/** The verdict for one cluster and one guest, with the masks and findings behind it. */
public record ClusterResult(ClusterGuest clusterGuest, List<HostProfile> hosts, Status status,
                            List<MaskResult> masks, List<Finding> findings) {

    public ClusterResult {
        hosts = List.copyOf(hosts);
        masks = List.copyOf(masks);
        findings = List.copyOf(findings);
    }

    public String cluster() {
        return clusterGuest.getCluster();
    }

    public String guest() {
        return clusterGuest.getGuest();
    }
}
