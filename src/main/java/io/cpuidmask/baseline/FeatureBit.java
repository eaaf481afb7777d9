package io.cpuidmask.baseline;

import io.cpuidmask.model.RegisterKey;
import java.util.Comparator;

/**
 * One CPUID feature bit as {@code baseline} reports it.
 *
 * @param name        cpuidmask's canonical name (features.yaml), or libvirt's name in upper case
 *                    for a bit only libvirt's map names (ARAT)
 * @param libvirtName the name in libvirt's CPU map, or null when libvirt does not know the bit
 */
public record FeatureBit(String name, RegisterKey key, int bit, String libvirtName) implements Comparable<FeatureBit> {

    private static final Comparator<FeatureBit> ORDER =
            Comparator.comparing(FeatureBit::key).thenComparingInt(FeatureBit::bit);

    @Override
    public int compareTo(FeatureBit o) {
        return ORDER.compare(this, o);
    }
}
