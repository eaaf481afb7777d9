package io.cpuidmask.engine;

import io.cpuidmask.facts.ClusterGuest;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.RegisterCheck;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.Status;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the rules derived for one cluster and guest, read back from the session as it was: the
 * registers observed, the bits the rules hid, their findings and their one verdict.
 *
 * @param vendor     the cluster's one vendor, or null when its hosts disagree or do not say
 * @param hiddenBits    per register, the bitmap of the bits some HiddenBit names
 * @param differingBits per register, the bitmap of the bits some DifferingBit names
 */
public record RuleOutcome(ClusterGuest clusterGuest, List<HostProfile> hosts, String vendor,
                          List<RegisterCheck> checks, Map<RegisterKey, Integer> hiddenBits, Map<RegisterKey, Integer> differingBits,
                          List<Finding> findings, Status status) {

    public RuleOutcome {
        Objects.requireNonNull(clusterGuest, "clusterGuest");
        Objects.requireNonNull(status, "status");
        hosts = List.copyOf(hosts);
        checks = List.copyOf(checks);
        // sorted, so that the same outcome always reads the same
        hiddenBits = Collections.unmodifiableSortedMap(new TreeMap<>(hiddenBits));
        differingBits = Collections.unmodifiableSortedMap(new TreeMap<>(differingBits));
        findings = List.copyOf(findings);
    }
}
