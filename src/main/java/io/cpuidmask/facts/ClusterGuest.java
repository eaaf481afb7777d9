package io.cpuidmask.facts;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** One cluster checked for one guest type: the unit that gets a verdict. */
public final class ClusterGuest {

    private final String cluster;
    private final String guest;
    private final String os;
    private final int bits;
    private final List<String> hosts;
    private final SortedSet<String> vendors;
    private final List<String> minimum;
    private final MaskSet maskSet;

    /** @param maskSet the cluster's mask set that holds this guest's default masks */
    public ClusterGuest(String cluster, String guest, String os, int bits, List<String> hosts,
                        Set<String> vendors, List<String> minimum, MaskSet maskSet) {
        this.cluster = cluster;
        this.guest = guest;
        this.os = os;
        this.bits = bits;
        this.hosts = List.copyOf(hosts);
        this.vendors = new TreeSet<>(vendors);
        this.minimum = List.copyOf(minimum);
        this.maskSet = Objects.requireNonNull(maskSet, "maskSet");
        if (!maskSet.getCluster().equals(cluster) || !maskSet.getGuests().contains(guest)) {
            throw new IllegalArgumentException("mask set " + maskSet + " is not one of " + cluster + "/" + guest);
        }
    }

    public String getCluster() { return cluster; }
    public String getGuest() { return guest; }
    /** Guest OS family: windows, linux, solaris or other. */
    public String getOs() { return os; }
    /** 32 or 64. */
    public int getBits() { return bits; }
    public List<String> getHosts() { return hosts; }
    /** Distinct known vendors of the cluster's hosts. */
    public SortedSet<String> getVendors() { return vendors; }
    /** The single vendor of all hosts, or null when mixed or unknown. */
    public String getVendor() { return vendors.size() == 1 ? vendors.first() : null; }
    public boolean isMixedVendors() { return vendors.size() > 1; }
    /** Features the guest OS needs (canonical names), from its catalogue. */
    public List<String> getMinimum() { return minimum; }
    public String getId() { return cluster + "/" + guest; }
    /** The default masks this guest shares with the cluster's other guests that have the same ones. */
    public MaskSet getMaskSet() { return maskSet; }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterGuest c && c.cluster.equals(cluster) && c.guest.equals(guest);
    }

    @Override
    public int hashCode() {
        return cluster.hashCode() * 31 + guest.hashCode();
    }

    @Override
    public String toString() {
        return getId();
    }
}
