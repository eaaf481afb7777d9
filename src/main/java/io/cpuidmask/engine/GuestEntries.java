package io.cpuidmask.engine;

import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.catalog.MaskEntry;
import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each guest's mask entries for a cluster vendor, and which guests share them, chosen once per run
 * rather than once per cluster: an estate has thousands of clusters and a handful of vendors.
 */
final class GuestEntries {

    /** The guest by identity: hashing a whole catalogue for every cluster would cost what this saves. */
    private record Choice(Object guest, Optional<String> vendor) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Choice c && c.guest == guest && c.vendor.equals(vendor);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(guest) * 31 + vendor.hashCode();
        }
    }

    /** Guests whose entries give the same default masks (register, mask, source; the line may differ). */
    record Shared(List<MaskEntry> entries, List<GuestCatalog> guests) {
    }

    /** What the rules see of an entry: guests whose entries agree in these share their masks. */
    private record Masked(RegisterKey key, MaskString mask, String source) {
    }

    private final Map<Choice, List<MaskEntry>> chosen = new ConcurrentHashMap<>();
    private final Map<Choice, List<Shared>> shared = new ConcurrentHashMap<>();

    List<MaskEntry> of(GuestCatalog guest, String vendor) {
        return chosen.computeIfAbsent(new Choice(guest, Optional.ofNullable(vendor)),
                c -> List.copyOf(guest.entriesFor(vendor)));
    }

    /** The guests grouped by equal default masks for this vendor, in the order of each group's first guest. */
    List<Shared> shared(List<GuestCatalog> guests, String vendor) {
        return shared.computeIfAbsent(new Choice(guests, Optional.ofNullable(vendor)), c -> {
            Map<List<Masked>, List<GuestCatalog>> groups = new LinkedHashMap<>();
            Map<List<Masked>, List<MaskEntry>> entries = new LinkedHashMap<>();
            for (GuestCatalog g : guests) {
                List<MaskEntry> es = of(g, vendor);
                List<Masked> masked = es.stream().map(e -> new Masked(e.key(), e.mask(), e.source())).toList();
                groups.computeIfAbsent(masked, k -> new ArrayList<>()).add(g);
                entries.putIfAbsent(masked, es);
            }
            List<Shared> out = new ArrayList<>();
            groups.forEach((k, gs) -> out.add(new Shared(entries.get(k), List.copyOf(gs))));
            return List.copyOf(out);
        });
    }
}
