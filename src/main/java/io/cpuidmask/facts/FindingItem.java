package io.cpuidmask.facts;

import io.cpuidmask.model.RegisterKey;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Derived by a classification rule: one thing (a bit, a register, a feature) that the finding rule
 * {@code rule} reports for a cluster and guest. That rule collects them ({@code accumulate}) and
 * reports each {@link FindingGroup} of them as one {@link Finding}. Build one with
 * {@link Findings#item}, which resolves the active waiver that covers it.
 */
public final class FindingItem implements Comparable<FindingItem> {

    private static final Comparator<FindingItem> ORDER = Comparator
            .comparing(FindingItem::getKey, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(FindingItem::getBit, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(FindingItem::getName)
            .thenComparing(FindingItem::getNote, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final String rule;
    private final ClusterGuest clusterGuest;
    private final List<String> hosts;
    private final RegisterKey key;
    private final Integer bit;
    private final String feature;
    private final String note;
    private final Waiver waiver;
    private final String name;
    private final int hash;

    /**
     * @param hosts   the hosts it is about (the finding names the first), empty when about none
     * @param key     the register, or null
     * @param bit     the bit of {@code key}, or null for the whole register
     * @param feature the feature's canonical name, or null
     * @param note    what the reporting rule's message says about this item besides its name, or null
     * @param waiver  the active waiver that covers it, or null
     */
    public FindingItem(String rule, ClusterGuest clusterGuest, List<String> hosts, RegisterKey key, Integer bit,
                       String feature, String note, Waiver waiver) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.clusterGuest = Objects.requireNonNull(clusterGuest, "clusterGuest");
        this.hosts = List.copyOf(hosts);
        if (bit != null && (key == null || bit < 0 || bit > 31)) {
            throw new IllegalArgumentException("bit " + bit + " needs a register and must be in 0..31");
        }
        if (key == null && feature == null) {
            throw new IllegalArgumentException("a finding item names a register or a feature");
        }
        this.key = key;
        this.bit = bit;
        this.feature = feature;
        this.note = note;
        this.waiver = waiver;
        this.name = feature != null ? feature : bit == null ? key.label() : key.label() + " bit " + bit;
        this.hash = Objects.hash(rule, clusterGuest, this.hosts, key, bit, feature, note);
    }

    /** The id of the rule that reports this item. */
    public String getRule() { return rule; }
    public ClusterGuest getClusterGuest() { return clusterGuest; }
    public List<String> getHosts() { return hosts; }
    public RegisterKey getKey() { return key; }
    public Integer getBit() { return bit; }
    public String getFeature() { return feature; }
    public String getNote() { return note; }
    public Waiver getWaiver() { return waiver; }

    /** The feature, else {@code 00000001.ecx bit 3}, else the register: what a message calls it. */
    public String getName() {
        return name;
    }

    @Override
    public int compareTo(FindingItem o) {
        return ORDER.compare(this, o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FindingItem i && i.hash == hash && i.rule.equals(rule) && i.clusterGuest.equals(clusterGuest)
                && i.hosts.equals(hosts) && Objects.equals(i.key, key) && Objects.equals(i.bit, bit)
                && Objects.equals(i.feature, feature) && Objects.equals(i.note, note) && i.waiver == waiver;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return rule + " " + clusterGuest + (hosts.isEmpty() ? "" : " " + hosts.get(0)) + ": " + getName();
    }
}
