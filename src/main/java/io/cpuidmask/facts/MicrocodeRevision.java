package io.cpuidmask.facts;

import java.util.List;

/**
 * An observation: the hosts of one cluster that share a CPU (vendor, family, model and stepping,
 * decoded from leaf 1 EAX) and run the same microcode revision. One fact per distinct revision, so
 * the rules compare revisions, not hosts; hosts whose profile gives no revision or no leaf 1 EAX
 * have none.
 */
public final class MicrocodeRevision {

    private final String cluster;
    private final String vendor;
    private final int family;
    private final int model;
    private final int stepping;
    private final long revision;
    private final List<String> hosts;

    public MicrocodeRevision(String cluster, String vendor, int family, int model, int stepping, long revision,
                             List<String> hosts) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a microcode revision is observed on at least one host");
        }
        this.cluster = cluster;
        this.vendor = vendor == null ? "unknown vendor" : vendor;
        this.family = family;
        this.model = model;
        this.stepping = stepping;
        this.revision = revision;
        this.hosts = List.copyOf(hosts);
    }

    public String getCluster() { return cluster; }
    public String getVendor() { return vendor; }
    public int getFamily() { return family; }
    public int getModel() { return model; }
    public int getStepping() { return stepping; }
    /** {@code GenuineIntel family 6 model 85 stepping 7}: the CPU, as messages name it. */
    public String getCpu() {
        return vendor + " family " + family + " model " + model + " stepping " + stepping;
    }
    public long getRevision() { return revision; }
    /** {@code 0x5003102}, as Linux prints it. */
    public String getRevisionHex() { return io.cpuidmask.model.RegisterValues.microcodeHex(revision); }
    /** The hosts running this revision, sorted by name. */
    public List<String> getHosts() { return hosts; }
    public int getHostCount() { return hosts.size(); }

    @Override
    public String toString() {
        return getCpu() + " " + getRevisionHex() + " on " + hosts;
    }
}
