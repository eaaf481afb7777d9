package io.cpuidmask.catalog;

import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default CPUID masks for one guest type (one {@code rules/masks/*.yaml} file).
 *
 * @param os      guest operating-system family: windows, linux, solaris or other
 * @param bits    32 or 64
 * @param minimum canonical names of features the guest OS cannot run without
 */
public record GuestCatalog(String guest, String description, String os, int bits, List<String> minimum,
                           List<MaskEntry> entries, String file) {

    public GuestCatalog {
        minimum = List.copyOf(minimum);
        entries = List.copyOf(entries);
    }

    /**
     * The entries that apply to a cluster whose hosts are all of {@code vendor} (null when the
     * vendor is unknown or mixed), one per register in catalogue order: the vendor's own entry,
     * else the vendor-neutral one; with no vendor, the neutral entry or else the first listed.
     */
    public List<MaskEntry> entriesFor(String vendor) {
        Map<RegisterKey, List<MaskEntry>> byKey = new LinkedHashMap<>();
        for (MaskEntry e : entries) {
            byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
        }
        List<MaskEntry> chosen = new ArrayList<>();
        for (List<MaskEntry> candidates : byKey.values()) {
            MaskEntry own = null;
            MaskEntry neutral = null;
            for (MaskEntry e : candidates) {
                if (e.vendor() == null) {
                    neutral = e;
                } else if (e.vendor().equals(vendor)) {
                    own = e;
                }
            }
            MaskEntry pick = own != null ? own : neutral != null ? neutral : vendor == null ? candidates.get(0) : null;
            if (pick != null) {
                chosen.add(pick);
            }
        }
        return chosen;
    }
}
