package io.cpuidmask.engine;

import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.catalog.MaskEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each guest's mask entries for a cluster vendor, chosen once per run rather than once per
 * cluster: an estate has thousands of clusters and a handful of vendors.
 */
final class GuestEntries {

    /** The guest by identity: hashing a whole catalogue for every cluster would cost what this saves. */
    private record Choice(GuestCatalog guest, Optional<String> vendor) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Choice c && c.guest == guest && c.vendor.equals(vendor);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(guest) * 31 + vendor.hashCode();
        }
    }

    private final Map<Choice, List<MaskEntry>> chosen = new ConcurrentHashMap<>();

    List<MaskEntry> of(GuestCatalog guest, String vendor) {
        return chosen.computeIfAbsent(new Choice(guest, Optional.ofNullable(vendor)),
                c -> List.copyOf(c.guest().entriesFor(c.vendor().orElse(null))));
    }
}
