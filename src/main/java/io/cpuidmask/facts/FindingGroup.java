package io.cpuidmask.facts;

import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The items one finding lists: those a rule collected for a cluster and guest that name the same
 * hosts and fall under the same waiver (so that a waived feature never hides an unwaived one). A
 * decision rule reports each group as one finding:
 * <pre>
 * $cg : ClusterGuest()
 * accumulate( $i : FindingItem( rule == "my-rule", clusterGuest == $cg ); $items : collectList( $i ); $items.size() > 0 )
 * $g : FindingGroup() from FindingGroup.of( $items )
 * </pre>
 * and builds its message with {@link #describe()}, {@link #names()} and {@link #pick}.
 */
public final class FindingGroup {

    /** Groups by their hosts, name by name, then their waiver's place. */
    private static final Comparator<FindingGroup> ORDER = Comparator
            .comparing(FindingGroup::getHosts, FindingGroup::compareHosts)
            .thenComparing(g -> g.getWaiver() == null ? "" : g.getWaiver().getLocation());

    private final List<FindingItem> items;
    /** The distinct names, once: a message asks for them (pick, names) several times. */
    private final List<String> names;

    private FindingGroup(List<FindingItem> items) {
        items.sort(null);
        this.items = List.copyOf(items);
        this.names = nameList(this.items);
    }

    /** The items in groups of the same hosts and waiver, each sorted by register, bit and name; in a fixed order. */
    public static List<FindingGroup> of(Collection<?> collected) {
        Map<List<Object>, List<FindingItem>> groups = new HashMap<>();
        for (Object o : collected) {
            FindingItem i = (FindingItem) o;
            groups.computeIfAbsent(Arrays.asList(i.getHosts(), i.getWaiver()), k -> new ArrayList<>()).add(i);
        }
        List<FindingGroup> out = new ArrayList<>(groups.size());
        groups.values().forEach(g -> out.add(new FindingGroup(g)));
        out.sort(ORDER);
        return out;
    }

    private static int compareHosts(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    public List<FindingItem> getItems() { return items; }
    public String getRule() { return items.get(0).getRule(); }
    public ClusterGuest getClusterGuest() { return items.get(0).getClusterGuest(); }
    public List<String> getHosts() { return items.get(0).getHosts(); }
    /** The host the finding names, or null. */
    public String getFirstHost() { return getHosts().isEmpty() ? null : getHosts().get(0); }
    public Waiver getWaiver() { return items.get(0).getWaiver(); }
    /** How many distinct things (features, or registers) the group names. */
    public int size() { return names.size(); }

    /** {@code one} when the group names one thing, else {@code many}: "it" or "them", "lacks" or "lack". */
    public String pick(String one, String many) {
        return size() == 1 ? one : many;
    }

    /** "SSE3, CX16": the names, in order. */
    public String names() {
        return String.join(", ", names);
    }

    /** "SSE3 (00000001.ecx bit 0)", or "SSE3, CX16 (00000001.ecx bits 0, 13), AVX2 (00000007.ebx bit 5)". */
    public String describe() {
        return describe(items);
    }

    /** The distinct notes, in order, joined with ", ". */
    public String notes() {
        return String.join(", ", distinct(items.stream().map(FindingItem::getNote).filter(Objects::nonNull).toList()));
    }

    /** The notes of the items of this name, joined with ", ". */
    public String notesOf(String name) {
        return String.join(", ", distinct(items.stream().filter(i -> i.getName().equals(name))
                .map(FindingItem::getNote).filter(Objects::nonNull).toList()));
    }

    /** The names of the items that carry this note, joined with ", " (empty when none does). */
    public String namesNoted(String note) {
        return names(items.stream().filter(i -> note.equals(i.getNote())).toList());
    }

    /** The distinct names of these items, in order. */
    public static List<String> nameList(List<FindingItem> items) {
        return distinct(items.stream().map(FindingItem::getName).toList());
    }

    public static String names(List<FindingItem> items) {
        return String.join(", ", nameList(items));
    }

    /** The names, each run of bits of one register followed by where they are. */
    public static String describe(List<FindingItem> items) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < items.size()) {
            RegisterKey key = items.get(i).getKey();
            Set<String> names = new LinkedHashSet<>();
            Set<Integer> bits = new LinkedHashSet<>();
            int j = i;
            for (; j < items.size() && Objects.equals(items.get(j).getKey(), key); j++) {
                names.add(items.get(j).getName());
                if (items.get(j).getBit() != null) {
                    bits.add(items.get(j).getBit());
                }
            }
            String where = bits.isEmpty() ? "" : " (" + key.label() + (bits.size() == 1 ? " bit " : " bits ")
                    + String.join(", ", bits.stream().map(String::valueOf).toList()) + ")";
            parts.add(String.join(", ", names) + where);
            i = j;
        }
        return String.join(", ", parts);
    }

    private static List<String> distinct(List<String> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }

    @Override
    public String toString() {
        return getRule() + " " + getClusterGuest() + ": " + names();
    }
}
