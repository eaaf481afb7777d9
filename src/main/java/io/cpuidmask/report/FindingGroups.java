package io.cpuidmask.report;

import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Findings that say the same thing about different bits or guests, shown once: same severity,
 * rule and message shape, where the shape is the message with the finding's feature (or, for a
 * finding about a whole register, the register), its {@code (leaf.reg bit N)} and the guest's
 * name taken out. "hiding AVX512F (00000007.ebx bit 16) does not stop user-mode code: ..." in
 * twelve guests and fourteen features is one group.
 */
public final class FindingGroups {

    private static final char FEATURE = '\u0001';
    private static final char REGISTER = '\u0002';
    private static final char GUEST = '\u0003';
    private static final String BIT = "\u0004";

    private FindingGroups() {
    }

    /** One group: what its findings share, and the features (or registers) and guests they are about. */
    public static final class Group {
        private final Severity severity;
        private final String rule;
        private final String shape;
        private final String waiver;
        private final String firstMessage;
        private final Set<String> items = new LinkedHashSet<>();
        private final Set<String> guests = new LinkedHashSet<>();
        private int count;

        Group(Severity severity, String rule, String shape, String waiver, String firstMessage) {
            this.severity = severity;
            this.rule = rule;
            this.shape = shape;
            this.waiver = waiver;
            this.firstMessage = firstMessage;
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

        /** The features, or registers, in the order met. */
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
         * finding; else the shape with the features listed where each finding named its own
         * (at most {@code maxItems}, then "+N more"), the bit positions left out, and the guest
         * named when there is one.
         */
        public String summary(int maxItems) {
            if (count == 1) {
                return firstClause(firstMessage);
            }
            String items = list(this.items, maxItems);
            String guest = guests.size() == 1 ? guests.iterator().next() : "<guest>";
            return firstClause(shape).replace(BIT, "").replace(String.valueOf(FEATURE), items)
                    .replace(String.valueOf(REGISTER), items).replace(String.valueOf(GUEST), guest);
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
            String shape = shape(f, found.guest());
            Group g = groups.computeIfAbsent(List.of(f.getSeverity(), f.getRuleId(), shape, Objects.toString(waiver)),
                    k -> new Group(f.getSeverity(), f.getRuleId(), shape, waiver, f.getMessage()));
            String item = item(f);
            if (item != null) {
                g.items.add(item);
            }
            g.guests.add(found.guest());
            g.count++;
        }
        List<Group> sorted = new ArrayList<>(groups.values());
        sorted.sort(Comparator.comparing(Group::severity)); // stable: first met first within a severity
        return sorted;
    }

    /** The feature the finding is about, else its register; null for neither. */
    private static String item(Finding f) {
        if (f.getFeature() != null) {
            return f.getFeature();
        }
        return f.getKey() == null ? null : f.getKey().label();
    }

    static String shape(Finding f, String guest) {
        String m = f.getMessage();
        if (f.getKey() != null && f.getBit() != null) {
            m = m.replace(" (" + f.getKey().label() + " bit " + f.getBit() + ")", BIT);
        }
        if (f.getFeature() != null) {
            m = replaceWord(m, f.getFeature(), FEATURE);
        } else if (f.getKey() != null) {
            m = replaceWord(m, f.getKey().label(), REGISTER);
        }
        return guest == null ? m : m.replace("'" + guest + "'", "'" + GUEST + "'");
    }

    private static String replaceWord(String text, String word, char placeholder) {
        Matcher m = Pattern.compile("(?<![\\w.])" + Pattern.quote(word) + "(?![\\w])").matcher(text);
        return m.replaceAll(Matcher.quoteReplacement(String.valueOf(placeholder)));
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
