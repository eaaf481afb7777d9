package io.cpuidmask.facts;

import io.cpuidmask.model.RegisterKey;
import java.util.List;
import java.util.Set;

/**
 * One value of one register in a cluster, with every host that reports exactly that value.
 * Hosts of the same CPU model share one fact, so the rules' joins grow with the number of
 * distinct CPUs, not of hosts. Unknown registers have no fact.
 */
public final class RegisterValue {

    private final String cluster;
    private final RegisterKey key;
    private final int value;
    private final List<String> hosts;
    private final Set<String> signatures;

    public RegisterValue(String cluster, RegisterKey key, int value, List<String> hosts, Set<String> signatures) {
        this.cluster = cluster;
        this.key = key;
        this.value = value;
        this.hosts = List.copyOf(hosts);
        this.signatures = Set.copyOf(signatures);
    }

    public boolean isSet(int bit) {
        return (value >>> bit & 1) != 0;
    }

    public String getCluster() { return cluster; }
    public RegisterKey getKey() { return key; }
    public int getValue() { return value; }
    /** The hosts reporting this value, sorted by name. */
    public List<String> getHosts() { return hosts; }
    /** The first host of the group (by name): where a finding about the group points. */
    public String getFirstHost() { return hosts.get(0); }
    /** The CPU signatures ({@link Host#getSignature()}) of those hosts, where known. */
    public Set<String> getSignatures() { return signatures; }

    @Override
    public String toString() {
        return key.label() + "=" + String.format("0x%08x", value) + " on " + hosts;
    }
}
