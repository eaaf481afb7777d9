package io.cpuidmask.catalog;

import java.util.Set;
import java.util.TreeSet;

/**
 * A named libvirt/QEMU x86 CPU model ({@code x86_<Model>.xml}).
 *
 * @param vendor      CPUID vendor string the model is tied to, or null for generic models (qemu64)
 * @param decodeGuest whether libvirt may pick the model for a guest CPU ({@code <decode guest='on'>})
 * @param features    libvirt feature names the model enables
 * @param order       position in libvirt's index (later is newer)
 */
public record CpuModel(String name, String vendor, boolean decodeGuest, Set<String> features, int order) {

    public CpuModel {
        features = Set.copyOf(new TreeSet<>(features));
    }

    public boolean suitsVendor(String cpuVendor) {
        return vendor == null || vendor.equals(cpuVendor);
    }
}
