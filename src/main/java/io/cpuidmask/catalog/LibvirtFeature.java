package io.cpuidmask.catalog;

import io.cpuidmask.model.RegisterKey;
import java.util.List;

/**
 * One CPUID feature of libvirt's x86 CPU map ({@code x86_features.xml}): its libvirt name, the
 * single bit that carries it, and the names QEMU also accepts for it.
 *
 * @param qemuAliases the map's {@code <alias source='qemu'>} names
 * @param migratable  false where libvirt marks the feature {@code migratable='no'} (invtsc, xsaves)
 */
public record LibvirtFeature(String name, RegisterKey key, int bit, List<String> qemuAliases, boolean migratable) {

    public LibvirtFeature {
        qemuAliases = List.copyOf(qemuAliases);
    }

    /**
     * The name for QEMU's {@code -cpu} option. QEMU accepts every libvirt name (the underscore
     * spellings are QEMU's legacy aliases), but its own canonical spelling is the qemu alias that
     * only swaps '_' for '-', or {@code pclmulqdq} for libvirt's {@code pclmuldq}.
     */
    public String qemuName() {
        String dashed = name.replace('_', '-');
        if (qemuAliases.contains(dashed)) {
            return dashed;
        }
        if (name.equals("pclmuldq") && qemuAliases.contains("pclmulqdq")) {
            return "pclmulqdq";
        }
        return name;
    }
}
