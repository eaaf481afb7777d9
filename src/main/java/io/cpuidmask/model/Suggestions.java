package io.cpuidmask.model;

import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * "Did you mean" for a mistyped name (a format, a guest id, a rule id, an option): the known name
 * closest to it by edit distance (Apache Commons Text), when it is close enough to be a typo.
 */
public final class Suggestions {

    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private Suggestions() {
    }

    /**
     * The known name nearest to {@code typed}, ignoring case: within a third of its length in
     * edits (at least one: {@code jsn} is {@code json}, {@code linx-64} is {@code linux-64}), or
     * starting with it ({@code aida} is {@code aida64}); the first of equally near names; empty
     * when none is that near ({@code pdf} is not {@code md}) or {@code typed} is itself known.
     */
    public static Optional<String> closest(String typed, Iterable<String> known) {
        if (typed == null || typed.isEmpty()) {
            return Optional.empty();
        }
        String t = typed.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, t.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            if (k.equals(typed)) {
                return Optional.empty();
            }
            String known1 = k.toLowerCase(Locale.ROOT);
            int d = DISTANCE.apply(t, known1);
            boolean prefix = t.length() >= 3 && known1.startsWith(t);
            if ((d <= limit || prefix) && d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code " (did you mean 'json'?)"}, or the empty string when nothing is near. */
    public static String didYouMean(String typed, Iterable<String> known) {
        return closest(typed, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }
}
