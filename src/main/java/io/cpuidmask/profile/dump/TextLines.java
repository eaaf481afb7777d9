package io.cpuidmask.profile.dump;

import java.util.regex.Pattern;

/** The lines of a text, numbered from 1, and whether the last one was cut off (no line end). */
final class TextLines {

    private final String[] lines;
    private final boolean lastUnterminated;

    private TextLines(String[] lines, boolean lastUnterminated) {
        this.lines = lines;
        this.lastUnterminated = lastUnterminated;
    }

    static TextLines of(String text) {
        boolean endsWithNewline = text.isEmpty() || text.endsWith("\n");
        String body = endsWithNewline && !text.isEmpty() ? text.substring(0, text.length() - 1) : text;
        String[] lines = body.isEmpty() ? new String[0] : body.split("\n", -1);
        return new TextLines(lines, !endsWithNewline);
    }

    int count() {
        return lines.length;
    }

    /** Line by 1-based number. */
    String line(int number) {
        return lines[number - 1];
    }

    /**
     * Whether this is the file's last line and the file stops without a line end: a dump cut
     * off mid-line looks like that, and a cut record can still look complete.
     */
    boolean unterminated(int number) {
        return lastUnterminated && number == lines.length && !lines[number - 1].isBlank();
    }

    /** Whether any line matches (find, not whole-line match, is up to the pattern's anchors). */
    static boolean anyLine(String text, Pattern linePattern) {
        return linePattern.matcher(text).find();
    }

    /** The line, shortened for messages and stripped of control characters. */
    static String quote(String line) {
        String s = line.strip().replaceAll("\\p{Cntrl}", "?");
        return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
    }
}
