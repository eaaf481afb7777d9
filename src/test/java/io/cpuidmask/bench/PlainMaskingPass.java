package io.cpuidmask.bench;

import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.catalog.MaskEntry;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.MaskChar;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The masking decision alone (hide bits that differ under R or H, never identity bits), as a plain
 * bitwise loop: the benchmark's baseline, so the cost of deciding in Drools can be stated as a ratio.
 * Not used by the product, which decides in rules/masking.drl.
 */
final class PlainMaskingPass {

    private static final RegisterKey LEAF1_EAX = RegisterKey.of(1, Register.EAX);
    private static final int IDENTITY_1_EAX = 0x0FFF3FFF; // stepping, model, family, type, ext. model, ext. family

    private PlainMaskingPass() {
    }

    /** Hidden-bit bitmaps for every cluster, guest and register; returns how many bits were hidden. */
    static long run(List<HostProfile> hosts, List<GuestCatalog> guests) {
        Map<String, List<HostProfile>> clusters = new TreeMap<>();
        for (HostProfile h : hosts) {
            clusters.computeIfAbsent(h.cluster(), c -> new ArrayList<>()).add(h);
        }
        long hidden = 0;
        for (List<HostProfile> members : clusters.values()) {
            String vendor = members.get(0).vendor();
            for (GuestCatalog g : guests) {
                for (MaskEntry e : g.entriesFor(vendor)) {
                    int all = -1;
                    int any = 0;
                    boolean comparable = true;
                    for (HostProfile h : members) {
                        OptionalInt v = h.value(e.key());
                        if (v.isEmpty()) {
                            comparable = false;
                            break;
                        }
                        all &= v.getAsInt();
                        any |= v.getAsInt();
                    }
                    if (!comparable) {
                        continue;
                    }
                    int compared = e.mask().bitsWith(MaskChar.R) | e.mask().bitsWith(MaskChar.H);
                    int bits = (all ^ any) & compared & (e.key().equals(LEAF1_EAX) ? ~IDENTITY_1_EAX : -1);
                    hidden += Integer.bitCount(bits);
                }
            }
        }
        return hidden;
    }
}
