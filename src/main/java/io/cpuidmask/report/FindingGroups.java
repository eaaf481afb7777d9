package io.cpuidmask.report;

import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.FindingGroup;
import io.cpuidmask.model.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Findings that say the same thing to different guests, shown once: same severity, rule and
 * message shape, where the shape is the message with the list of what the finding is about
 * ({@link FindingText#listed}) and the guest's name taken out. "hiding AVX512F, AVX512DQ
 * (00000007.ebx bits 16, 17) does not stop user-mode code: ..." in twelve guests is one group,
 * about the features all of them list.
 */
public final class FindingGroups {

    private static final String ITEMS = "\u0001";
    private static final String GUEST = "\u0002";

    private FindingGroups() {
    }

    /** One group: what its findings share, and the features (or registers) and guests they are about. */
    public static final class Group {
        private final Severity severity;
        private final String rule;
        private final String shape;
        private final String waiver;
        private final Finding first;
        private final Set<String> items = new LinkedHashSet<>();
        private final Set<String> guests = new LinkedHashSet<>();
        private int count;

        Group(Severity severity, String rule, String shape, String waiver, Finding first) {
            this.severity = severity;
            this.rule = rule;
            this.shape = shape;
            this.waiver = waiver;
            this.first = first;
        }

        public Severity severity() {
            return severity;
        }

        public String rule() {
            return rule;
        }

        /** "[waived until 2027-03-31: reason]", or null when the findings count. */
        public String waiver() {
            return waiver;
        }

        /** The features (or registers) of its findings, in the order met. */
        public List<String> items() {
            return List.copyOf(items);
        }

        public List<String> guests() {
            return List.copyOf(guests);
        }

        public int count() {
            return count;
        }

        /**
         * What the findings say, up to the first ": " (the explanation after it is the same for all,
         * and is in --verbose and the reports): the only message itself when the group has one
         * finding, its list cut to {@code maxItems} names; else the shape with the names of all
         * the group's items where each finding listed its own (at most {@code maxItems}, then
         * "... (N features)"), and the guest named when there is one.
         */
        public String summary(int maxItems) {
            if (count == 1) {
                return firstClause(FindingText.brief(first, maxItems));
            }
            String guest = guests.size() == 1 ? guests.iterator().next() : "<guest>";
            return shape.replace(ITEMS, FindingText.shortList(List.copyOf(items), maxItems,
                    FindingText.noun(first)))
                    .replace(GUEST, guest);
        }
    }

    /** A finding and the guest it was found for. */
    public record Found(String guest, Finding finding) {
    }

    /** The groups of these findings, by severity (ERROR first), then in the order first met. */
    public static List<Group> of(List<Found> findings) {
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        for (Found found : findings) {
            Finding f = found.finding();
            String waiver = f.isWaived()
                    ? "[waived until " + f.getWaiver().getExpires() + ": " + f.getWaiver().getReason() + "]" : null;
            // the summary shows the first clause: findings that differ only after it ("it" or "them") are one line
            String shape = firstClause(shape(f, found.guest()));
            Group g = groups.computeIfAbsent(List.of(f.getSeverity(), f.getRuleId(), shape, Objects.toString(waiver)),
                    k -> new Group(f.getSeverity(), f.getRuleId(), shape, waiver, f));
            g.items.addAll(FindingGroup.nameList(f.getItems()));
            g.guests.add(found.guest());
            g.count++;
        }
        List<Group> sorted = new ArrayList<>(groups.values());
        sorted.sort(Comparator.comparing(Group::severity)); // stable: first met first within a severity
        return sorted;
    }

    static String shape(Finding f, String guest) {
        String listed = FindingText.listed(f);
        String m = listed == null ? f.getMessage() : FindingText.replaceWord(f.getMessage(), listed, ITEMS);
        return guest == null ? m : m.replace("'" + guest + "'", "'" + GUEST + "'");
    }

    /** The text before the first ": " outside parentheses (all of it when there is none). */
    static String firstClause(String message) {
        int depth = 0;
        for (int i = 0; i < message.length() - 1; i++) {
            char c = message.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ':' && depth == 0 && message.charAt(i + 1) == ' ') {
                return message.substring(0, i);
            }
        }
        return message;
    }

    /** "A, B, C +4 more". */
    static String list(Set<String> items, int max) {
        List<String> all = List.copyOf(items);
        if (all.size() <= max) {
            return String.join(", ", all);
        }
        return String.join(", ", all.subList(0, max)) + " +" + (all.size() - max) + " more";
    }
}
