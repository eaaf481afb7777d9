package io.cpuidmask.baseline;

import java.util.List;

/**
 * The named baseline of one cluster.
 *
 * @param vendor         the common vendor, or null when the hosts' vendors differ or are unknown
 * @param commonFeatures bits every host has
 * @param x86Level       highest x86-64 level every host reaches (0: below v1)
 * @param model          libvirt's closest model (null for a mixed-vendor cluster)
 * @param runnableModel  the closest model that needs nothing disabled (null when none, or mixed)
 * @param beyondModel    per host, the libvirt features it has beyond {@code model}
 * @param evcMode        the highest covered VMware EVC mode every host supports, or null
 * @param notes          what limited the result (unknown registers, mixed vendors)
 * @param anyHostFeatures bits at least one host has
 * @param physAddressBits the fewest physical address bits of the hosts whose leaf 0x80000008 is
 *                        known (EAX bits 7:0), or null when no host's is
 * @param limitingHosts   per group of hosts with the same feature bits, what the cluster would gain
 *                        without it, largest gain first (none for a cluster of one group)
 */
public record ClusterBaseline(String cluster, List<String> hosts, List<String> vendors, String vendor,
                              List<FeatureBit> commonFeatures, int x86Level, ModelMatch model,
                              ModelMatch runnableModel, List<HostFeatures> beyondModel, EvcMode evcMode,
                              List<String> notes, List<FeatureBit> anyHostFeatures, Integer physAddressBits,
                              List<LimitingHost> limitingHosts) {

    /** A host and some of its features (libvirt names). */
    public record HostFeatures(String host, List<String> features) {
        public HostFeatures {
            features = List.copyOf(features);
        }
    }

    public ClusterBaseline {
        hosts = List.copyOf(hosts);
        vendors = List.copyOf(vendors);
        commonFeatures = List.copyOf(commonFeatures);
        beyondModel = List.copyOf(beyondModel);
        notes = List.copyOf(notes);
        anyHostFeatures = List.copyOf(anyHostFeatures);
        limitingHosts = List.copyOf(limitingHosts);
    }

    /** This baseline with its limiting hosts. */
    public ClusterBaseline withLimitingHosts(List<LimitingHost> limits) {
        return new ClusterBaseline(cluster, hosts, vendors, vendor, commonFeatures, x86Level, model, runnableModel,
                beyondModel, evcMode, notes, anyHostFeatures, physAddressBits, limits);
    }

    public boolean mixedVendors() {
        return vendors.size() > 1;
    }

    public String x86LevelLabel() {
        return levelLabel(x86Level);
    }

    /** {@code x86-64-v3, Haswell, EVC Intel "Haswell" Generation}: where the hosts are. */
    public String reaches() {
        return reach(x86Level, model, evcMode);
    }

    static String reach(int level, ModelMatch model, EvcMode evc) {
        return levelLabel(level) + ", " + (model == null ? "no model" : model.name()) + ", "
                + (evc == null ? "no EVC mode" : "EVC " + evc.name());
    }

    static String levelLabel(int level) {
        return level == 0 ? "none" : "x86-64-v" + level;
    }
}
