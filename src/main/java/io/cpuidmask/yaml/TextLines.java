package io.cpuidmask.yaml;

/**
 * The lines of a text, numbered from 1, each cut out only when asked for (a big file has many).
 * One splitter, two ways of counting: YAML's ({@link #yaml}), which must agree with the numbers
 * yamlbeans puts in its errors, and an editor's ({@link #of}), for the line-oriented dumps.
 */
public final class TextLines {

    private final String text;
    private final int[] starts;
    private final int end;
    private final boolean lastUnterminated;

    private TextLines(String text, boolean yamlBreaks, int end, boolean lastUnterminated) {
        this.text = text;
        this.end = end;
        this.lastUnterminated = lastUnterminated;
        int n = end == 0 && !yamlBreaks ? 0 : 1;
        for (int i = 0; i < end; i++) {
            if (isBreak(text.charAt(i), yamlBreaks)) {
                n++;
            }
        }
        starts = new int[n];
        for (int i = 0, line = 1; i < end; i++) {
            if (isBreak(text.charAt(i), yamlBreaks)) {
                starts[line++] = i + 1;
            }
        }
    }

    /**
     * Lines as YAML counts them: every {@link #isYamlLineBreak YAML line break} starts a line, so a
     * text that ends with one has an empty last line, and an empty text has one empty line.
     */
    public static TextLines yaml(String text) {
        return new TextLines(text, true, text.length(), false);
    }

    /**
     * Lines as an editor counts them: only a line feed ends a line, and the file's last line feed
     * starts no further line (an empty text, or one line feed alone, has none).
     */
    public static TextLines of(String text) {
        boolean endsWithNewline = text.isEmpty() || text.endsWith("\n");
        int end = endsWithNewline && !text.isEmpty() ? text.length() - 1 : text.length();
        return new TextLines(text, false, end, !endsWithNewline);
    }

    /**
     * A line break as yamlbeans counts lines: a line feed, or YAML 1.1's next-line character (NEL).
     * Carriage returns are line feeds by then ({@link TextFiles#decode}). Every line number cpuidmask
     * reports for YAML counts this way, so that it is the number yamlbeans' own errors give.
     */
    public static boolean isYamlLineBreak(char c) {
        return c == '\n' || c == '\u0085';
    }

    private static boolean isBreak(char c, boolean yamlBreaks) {
        return yamlBreaks ? isYamlLineBreak(c) : c == '\n';
    }

    public int count() {
        return starts.length;
    }

    /** Line by 1-based number, without its line break. */
    public String line(int number) {
        int to = number < starts.length ? starts[number] - 1 : end;
        return text.substring(starts[number - 1], to);
    }

    /**
     * Whether this is the file's last line and the file stops without a line end: a dump cut
     * off mid-line looks like that, and a cut record can still look complete.
     */
    public boolean unterminated(int number) {
        return lastUnterminated && number == starts.length && !line(number).isBlank();
    }
}
