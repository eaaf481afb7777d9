package io.cpuidmask.model;

import java.util.OptionalInt;

/**
 * Whether a name taken from input (host, cluster, guest, description, a dump's file name) is text a
 * person can read and every output format can carry, judged on code points, not UTF-16 chars:
 * no control characters, no format characters (bidirectional overrides such as U+202E, invisible
 * TAG characters U+E0000-U+E007F, zero-width joiners), no line or paragraph separators
 * (U+2028, U+2029), no lone surrogates, no unassigned code points or noncharacters (U+FFFE, U+FFFF,
 * U+FDD0-U+FDEF), none of which XML 1.0 allows or a terminal shows faithfully.
 */
public final class PrintableText {

    private PrintableText() {
    }

    public static boolean isPrintable(String s) {
        return firstUnprintable(s).isEmpty();
    }

    /** The first code point that is not printable, if any. */
    public static OptionalInt firstUnprintable(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!printable(cp)) {
                return OptionalInt.of(cp);
            }
            i += Character.charCount(cp);
        }
        return OptionalInt.empty();
    }

    /** Whether the text holds half a surrogate pair: no UTF-8 writer can encode it. */
    public static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** {@code U+202E}: the first unprintable code point of the text, for messages; empty when there is none. */
    public static String firstUnprintableName(String s) {
        return firstUnprintable(s).stream().mapToObj(PrintableText::describe).findFirst().orElse("");
    }

    /** {@code U+202E}, for messages that name an unprintable code point without writing it. */
    public static String describe(int codePoint) {
        return String.format("U+%04X", codePoint);
    }

    /** Every unprintable code point replaced by '?': for text that is kept, not refused (a CPU's brand string). */
    public static String sanitize(String s) {
        if (isPrintable(s)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (printable(cp)) {
                b.appendCodePoint(cp);
            } else {
                b.append('?');
            }
        });
        return b.toString();
    }

    static boolean printable(int cp) {
        if (Character.isISOControl(cp)) {
            return false;
        }
        if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
            return false; // noncharacters
        }
        return switch (Character.getType(cp)) {
            case Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SURROGATE,
                 Character.UNASSIGNED, Character.PRIVATE_USE -> false;
            default -> true;
        };
    }
}
