package io.cpuidmask.report;

import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.FindingGroup;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A finding's message as a person reads it in a summary or a table: the list of what it is about
 * (as the rule wrote it, with {@link FindingGroup#describe} or {@link FindingGroup#names}) cut to
 * the first names and a count, "hiding AVX512F, AVX512DQ, ... (7 features)". Machine-read reports
 * keep the whole message and the items.
 */
final class FindingText {

    /** Names shown before the list is cut. */
    static final int SHOWN = 8;

    private FindingText() {
    }

    /** The text of the message that lists the finding's items, or null when it lists them in words of its own. */
    static String listed(Finding f) {
        if (f.getItems().isEmpty()) {
            return null;
        }
        for (String candidate : List.of(FindingGroup.describe(f.getItems()), FindingGroup.names(f.getItems()))) {
            if (wordAt(f.getMessage(), candidate).find()) {
                return candidate;
            }
        }
        return null;
    }

    /** The message with its list of items cut to {@code max} names. */
    static String brief(Finding f, int max) {
        List<String> names = FindingGroup.nameList(f.getItems());
        if (names.size() <= max) {
            return f.getMessage(); // most findings: no need to look for the list in the message
        }
        String listed = listed(f);
        if (listed == null) {
            return f.getMessage();
        }
        return replaceWord(f.getMessage(), listed, shortList(names, max, noun(f)));
    }

    /** "A, B, C", or past {@code max} names "A, B, ... (7 features)". */
    static String shortList(List<String> names, int max, String noun) {
        if (names.size() <= max) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, max)) + ", ... (" + names.size() + " " + noun + ")";
    }

    /** What the finding's items are: "features", or "registers" when none names a feature. */
    static String noun(Finding f) {
        return f.getFeatures().isEmpty() ? "registers" : "features";
    }

    /** Every occurrence of {@code word} as a whole word (not inside a longer name). */
    static String replaceWord(String text, String word, String replacement) {
        return wordAt(text, word).replaceAll(Matcher.quoteReplacement(replacement));
    }

    private static Matcher wordAt(String text, String word) {
        return Pattern.compile("(?<![\\w.])" + Pattern.quote(word) + "(?![\\w])").matcher(text);
    }
}
