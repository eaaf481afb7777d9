package io.cpuidmask.facts;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The default masks that some of a cluster's guests share: their catalogues give the same register,
 * mask and source for the cluster's vendor. The registers observed ({@link RegisterCheck}) and the
 * bits derived from them ({@link DifferingBit}, {@link HiddenBit}) belong to the mask set, so the
 * masking rules run once for all the guests that use it; each {@link ClusterGuest} names its mask set.
 */
public final class MaskSet {

    private final String cluster;
    private final int index;
    private final List<String> guests;
    private final SortedSet<String> vendors;
    private final int hash;

    /**
     * @param index  which of the cluster's mask sets (0, 1, ...): with the cluster, what tells it apart
     * @param guests the guests that use it, at least one
     */
    public MaskSet(String cluster, int index, List<String> guests, Set<String> vendors) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        if (index < 0 || guests.isEmpty()) {
            throw new IllegalArgumentException("a mask set has an index of 0 or more and at least one guest");
        }
        this.index = index;
        this.guests = List.copyOf(guests);
        this.vendors = new TreeSet<>(vendors);
        this.hash = cluster.hashCode() * 31 + index;
    }

    public String getCluster() { return cluster; }
    /** The guests that use it, in catalogue order. */
    public List<String> getGuests() { return guests; }
    /** Distinct known vendors of the cluster's hosts. */
    public SortedSet<String> getVendors() { return vendors; }
    /** The single vendor of all hosts, or null when mixed or unknown. */
    public String getVendor() { return vendors.size() == 1 ? vendors.first() : null; }
    /** {@code cluster/masks of windows, windows8}. */
    public String getId() { return cluster + "/masks of " + String.join(", ", guests); }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskSet m && m.hash == hash && m.index == index && m.cluster.equals(cluster);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return getId();
    }
}
