package io.cpuidmask.baseline;

import java.util.List;
import java.util.Objects;

/**
 * A group of a cluster's hosts whose CPUID registers give the same feature bits (one CPU kind),
 * and what the rest of the cluster would reach if that group left it.
 *
 * @param hosts    the group's hosts, in input order
 * @param gains    the bits the cluster's common set would gain without them, ascending
 * @param x86Level the x86-64 level the rest would reach
 * @param model    the rest's closest libvirt/QEMU model (null when none, or the rest's vendors differ)
 * @param evcMode  the rest's VMware EVC mode, or null
 */
public record LimitingHost(List<String> hosts, List<FeatureBit> gains, int x86Level, ModelMatch model, EvcMode evcMode) {

    /** How many host names a label spells out before it says how many more there are. */
    private static final int NAMED = 3;

    public LimitingHost {
        hosts = List.copyOf(hosts);
        gains = List.copyOf(gains);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a limiting group has at least one host");
        }
        Objects.checkIndex(x86Level, 5);
    }

    public String x86LevelLabel() {
        return ClusterBaseline.levelLabel(x86Level);
    }

    /** {@code nhm-1}, or {@code 5 hosts: nhm-1, nhm-2, nhm-3, ...}. */
    public String label() {
        if (hosts.size() == 1) {
            return hosts.get(0);
        }
        return hosts.size() + " hosts: " + String.join(", ", hosts.subList(0, Math.min(NAMED, hosts.size())))
                + (hosts.size() > NAMED ? ", ..." : "");
    }

    /** {@code x86-64-v3, Haswell, EVC Haswell}: where the rest of the cluster would be. */
    public String reaches() {
        return ClusterBaseline.reach(x86Level, model, evcMode);
    }
}
