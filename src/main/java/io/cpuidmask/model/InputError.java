package io.cpuidmask.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A problem with an input or rule file, printed as {@code file:line: message}. */
public record InputError(String file, int line, String message) implements Comparable<InputError> {

    /** Longest message kept: a message quoting input (an unknown key) never floods a terminal or a report. */
    public static final int MAX_MESSAGE = 300;
    /** Most problems reported per file; the rest are counted in one more line. */
    public static final int MAX_PER_FILE = 20;

    public InputError {
        line = Math.max(0, line);
        message = message == null ? "" : message;
        if (message.length() > MAX_MESSAGE) {
            int cut = Character.isLowSurrogate(message.charAt(MAX_MESSAGE - 1)) ? MAX_MESSAGE - 2 : MAX_MESSAGE - 1;
            message = message.substring(0, cut) + "\u2026 (message cut at " + MAX_MESSAGE + " characters)";
        }
    }

    /**
     * At most {@link #MAX_PER_FILE} problems of each file, in order, and for a file with more one
     * line that counts the rest: 125,000 unknown keys are 21 lines, not 125,000.
     */
    public static List<InputError> capPerFile(List<InputError> errors) {
        Map<String, Integer> seen = new HashMap<>();
        List<InputError> kept = new ArrayList<>();
        for (InputError e : errors) {
            if (seen.merge(e.file(), 1, Integer::sum) <= MAX_PER_FILE) {
                kept.add(e);
            }
        }
        seen.forEach((file, n) -> {
            if (n > MAX_PER_FILE) {
                kept.add(new InputError(file, 0, (n - MAX_PER_FILE) + " more problems in this file, not shown (the first "
                        + MAX_PER_FILE + " are)"));
            }
        });
        return kept;
    }

    public static InputError at(SourceRef ref, String message) {
        return new InputError(ref.file(), ref.line(), message);
    }

    /** The {@code file:line: message} form every problem is reported in. */
    public String render() {
        return (line > 0 ? file + ":" + line : file) + ": " + message;
    }

    @Override
    public int compareTo(InputError o) {
        int c = file.compareTo(o.file);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(line, o.line);
        return c != 0 ? c : message.compareTo(o.message);
    }

    @Override
    public String toString() {
        return render();
    }
}
