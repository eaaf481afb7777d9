package io.cpuidmask.baseline;

import java.util.List;

/**
 * One of QEMU's versioned x86 CPU models ({@code Haswell-v4}), as {@code query-cpu-model-expansion}
 * expands it.
 *
 * @param vendor   the CPUID vendor string the model reports
 * @param aliases  QEMU's unversioned names that stand for this version ({@code Haswell-noTSX-IBRS})
 * @param features QEMU feature names the model turns on, in register and bit order
 */
public record QemuModel(String name, String vendor, int family, int model, boolean deprecated, List<String> aliases,
                        List<String> features) {

    public QemuModel {
        aliases = List.copyOf(aliases);
        features = List.copyOf(features);
    }

    /** The version number of {@code Name-vN}; 0 when the name has none. */
    public int version() {
        int dash = name.lastIndexOf("-v");
        try {
            return dash < 0 ? 0 : Integer.parseInt(name.substring(dash + 2));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
