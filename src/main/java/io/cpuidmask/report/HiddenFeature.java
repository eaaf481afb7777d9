package io.cpuidmask.report;

import io.cpuidmask.catalog.CpuMap;
import io.cpuidmask.catalog.LibvirtFeature;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import java.util.ArrayList;
import java.util.List;

/**
 * One bit a cluster's custom mask hides, with the names hypervisors know it by.
 *
 * @param name    cpuidmask's name (as in the report's hiddenFeatures)
 * @param libvirt libvirt's feature at this bit (libvirt's CPU map), or null when libvirt has none
 */
record HiddenFeature(RegisterKey key, int bit, String name, LibvirtFeature libvirt) {

    /** Every hidden bit of a cluster and guest, in register and bit order. */
    static List<HiddenFeature> of(ClusterResult c, FeatureCatalog features) {
        String vendor = c.clusterGuest().getVendor();
        List<HiddenFeature> out = new ArrayList<>();
        for (MaskResult m : c.masks()) {
            for (int bit : m.hiddenBits()) {
                out.add(new HiddenFeature(m.key(), bit, features.nameOf(m.key(), bit, vendor),
                        CpuMap.shipped().featureAt(m.key(), bit).orElse(null)));
            }
        }
        return out;
    }

    /** {@code SDBG (00000001.ecx bit 11)}, for comments that list bits a format cannot name. */
    String describe() {
        return name + " (" + key.label() + " bit " + bit + ")";
    }
}
