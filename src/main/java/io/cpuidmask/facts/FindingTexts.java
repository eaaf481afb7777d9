package io.cpuidmask.facts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One string for each distinct finding message of a run. Most messages repeat: the same hidden
 * feature reads the same for every guest of every cluster that hides it, and at 100,000 hosts
 * the copies would hold hundreds of megabytes until the reports are written.
 */
public final class FindingTexts {

    /** Keeps every message as it is: for rules fired outside a run. */
    public static final FindingTexts NONE = new FindingTexts(null);

    private final Map<String, String> seen;

    private FindingTexts(Map<String, String> seen) {
        this.seen = seen;
    }

    /** A fresh set, for one run. */
    public static FindingTexts forRun() {
        return new FindingTexts(new ConcurrentHashMap<>());
    }

    /** The first string equal to {@code text} that this run saw. */
    public String canonical(String text) {
        if (seen == null) {
            return text;
        }
        String first = seen.putIfAbsent(text, text);
        return first == null ? text : first;
    }
}
