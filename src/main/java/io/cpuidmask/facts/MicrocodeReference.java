package io.cpuidmask.facts;

import java.util.Objects;

/**
 * Derived by microcode.drl where hosts of one CPU in a cluster run different revisions: the
 * revision the others are compared with (the one most hosts run; on a tie, the highest of the
 * tied ones), how many hosts run it, of how many, and how many revisions share that count.
 */
public final class MicrocodeReference {

    private final String cluster;
    private final String cpu;
    private final long revision;
    private final int hosts;
    private final int total;
    private final int tied;

    public MicrocodeReference(String cluster, String cpu, long revision, int hosts, int total, int tied) {
        this.cluster = cluster;
        this.cpu = cpu;
        this.revision = revision;
        this.hosts = hosts;
        this.total = total;
        this.tied = tied;
    }

    public String getCluster() { return cluster; }
    public String getCpu() { return cpu; }
    public long getRevision() { return revision; }
    public String getRevisionHex() { return io.cpuidmask.model.RegisterValues.microcodeHex(revision); }
    /** Hosts running the reference revision. */
    public int getHosts() { return hosts; }
    /** Hosts of this CPU with a known revision. */
    public int getTotal() { return total; }
    /** Revisions run by as many hosts as the reference, itself included: above 1 is a tie. */
    public int getTied() { return tied; }
    public boolean isTie() { return tied > 1; }

    @Override
    public boolean equals(Object o) {
        return o instanceof MicrocodeReference r && r.cluster.equals(cluster) && r.cpu.equals(cpu)
                && r.revision == revision && r.hosts == hosts && r.total == total && r.tied == tied;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cluster, cpu, revision);
    }
}
