package io.cpuidmask.catalog;

import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.RegisterKey;

/**
 * One default mask of a guest catalogue.
 *
 * @param vendor the host vendor the entry applies to, or null for every vendor
 * @param line   line of the entry in its catalogue file
 */
public record MaskEntry(RegisterKey key, String vendor, MaskString mask, String source, int line) {

    public MaskEntry {
        if (key == null || mask == null) {
            throw new IllegalArgumentException("a mask entry needs a register and a mask");
        }
        if (mask.hasKeep()) {
            throw new IllegalArgumentException("a default mask cannot use '-' (custom masks only)");
        }
        source = source == null ? "" : source;
    }

    public boolean appliesTo(String hostVendor) {
        return vendor == null || vendor.equals(hostVendor);
    }
}
