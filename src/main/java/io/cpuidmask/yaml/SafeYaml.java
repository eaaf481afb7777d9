package io.cpuidmask.yaml;

import com.esotericsoftware.yamlbeans.parser.Parser.ParserException;
import com.esotericsoftware.yamlbeans.tokenizer.Tokenizer.TokenizerException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads untrusted YAML: yamlbeans' event parser only, never its object mapper, in one pass
 * ({@link YamlTree}) that refuses tags, anchors, aliases, merge keys and duplicate keys, bounds the
 * nesting depth, and records the line of every key; and names the line of yamlbeans' own errors.
 */
public final class SafeYaml {

    private static final Pattern YAMLBEANS_POSITION = Pattern.compile("^Line (\\d+), column (\\d+): (.*)$", Pattern.DOTALL);

    private SafeYaml() {
    }

    /** One YAML document: its data (maps, lists and strings) and the line of each key. */
    public record Document(Object data, LineIndex lines) {
    }

    /** A line index that knows no lines, for callers that could not read the file. */
    public static LineIndex emptyIndex() {
        return new LineIndex(0);
    }

    /** Reads every document of a YAML stream. */
    public static List<Document> readAll(String text) throws YamlInputException {
        return readAll(text, 0);
    }

    /**
     * Reads every document of a part of a YAML stream that starts after {@code lineOffset} lines of
     * its file ({@link #splitDocuments}); lines in documents and errors count from the file's start.
     */
    public static List<Document> readAll(String text, int lineOffset) throws YamlInputException {
        try {
            TextFiles.requireShortLines(text);
            return readPart(text, lineOffset);
        } catch (YamlInputException e) {
            throw e.line() > 0 ? new YamlInputException(e.line() + lineOffset, e.getMessage()) : e;
        }
    }

    /** A part of a YAML stream made of whole documents, and the number of lines of the file before it. */
    public record Part(String text, int lineOffset) {
    }

    /**
     * Splits a YAML stream into parts of whole documents of at least {@code minChars} characters, so
     * that they can be read in parallel. Parts start at a document marker ({@code ---} at the start of
     * a line), which in YAML ends any scalar or collection before it. A stream with directives
     * ({@code %} lines, which apply to the next document) is left whole.
     */
    public static List<Part> splitDocuments(String text, int minChars) {
        if (text.length() < 2L * minChars || text.startsWith("%") || text.contains("\n%")) {
            return List.of(new Part(text, 0));
        }
        List<Part> parts = new ArrayList<>();
        int start = 0;
        int startLine = 0;
        int line = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!TextLines.isYamlLineBreak(c)) {
                continue;
            }
            line++;
            int next = i + 1;
            // A part starts after a line feed (a document marker is a line of its own); NEL only counts.
            if (c == '\n' && next - start >= minChars && text.length() - next >= minChars && documentMarkerAt(text, next)) {
                parts.add(new Part(text.substring(start, next), startLine));
                start = next;
                startLine = line;
            }
        }
        parts.add(new Part(text.substring(start), startLine));
        return parts;
    }

    /** "---" at {@code i}, followed by a space, a tab, a line break or the end. */
    private static boolean documentMarkerAt(String text, int i) {
        if (!text.startsWith("---", i)) {
            return false;
        }
        int after = i + 3;
        if (after == text.length()) {
            return true;
        }
        char c = text.charAt(after);
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static List<Document> readPart(String text, int lineOffset) throws YamlInputException {
        checkTabs(text);
        YamlTree tree = new YamlTree(text);
        List<Document> docs = new ArrayList<>();
        try {
            for (Document doc = tree.next(lineOffset); doc != null; doc = tree.next(lineOffset)) {
                docs.add(doc);
            }
        } catch (ParserException e) {
            throw pointAtCause(translate(e, "Error parsing YAML."), text);
        } catch (TokenizerException e) {
            throw pointAtCause(translate(e, "Error tokenizing YAML."), text);
        } catch (RuntimeException | StackOverflowError e) {
            throw new YamlInputException(0, "malformed YAML: " + e.getMessage());
        }
        return docs;
    }

    /** A tab in the indentation of a line (YAML allows only spaces there). */
    private static void checkTabs(String text) throws YamlInputException {
        int line = 1;
        boolean indent = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (TextLines.isYamlLineBreak(c)) {
                line++;
                indent = true;
            } else if (indent && c == '\t') {
                throw new YamlInputException(line, "tab character in indentation (YAML allows only spaces)");
            } else if (c != ' ') {
                indent = false;
            }
        }
    }

    /**
     * yamlbeans reports some errors where it gave up rather than where the mistake is: an unclosed
     * quote at the end of the stream, and anything at a line past the last one. Names the line of the
     * unclosed quote, and never a line after the last non-blank one.
     */
    static YamlInputException pointAtCause(YamlInputException e, String text) {
        TextLines lines = TextLines.yaml(text);
        int line = e.line();
        if (e.getMessage().contains("quoted scalar") && e.getMessage().contains("end of stream")) {
            int open = unclosedQuoteLine(lines);
            if (open > 0) {
                return new YamlInputException(open, "unclosed quote: the quoted value that starts on this line never ends");
            }
        }
        int last = lines.count();
        while (last > 1 && lines.line(last).isBlank()) {
            last--;
        }
        return line > last ? new YamlInputException(last, e.getMessage()) : e;
    }

    /** The first line where a quoted value opens and no closing quote follows on the same line. */
    private static int unclosedQuoteLine(TextLines lines) {
        for (int i = 0; i < lines.count(); i++) {
            String s = lines.line(i + 1);
            String t = s.strip();
            if (t.startsWith("#")) {
                continue;
            }
            for (int c = 0; c < s.length(); c++) {
                char q = s.charAt(c);
                if (q != '"' && q != '\'') {
                    continue;
                }
                String before = s.substring(0, c).stripTrailing();
                boolean opensValue = before.isEmpty() || before.endsWith(":") || before.endsWith("-")
                        || before.endsWith("[") || before.endsWith("{") || before.endsWith(",") || before.endsWith("?");
                if (!opensValue) {
                    break; // a quote inside a plain value (Intel's) does not open one
                }
                int close = closingQuote(s, c + 1, q);
                if (close < 0) {
                    return i + 1;
                }
                c = close;
            }
        }
        return 0;
    }

    private static int closingQuote(String s, int from, char q) {
        for (int i = from; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (q == '"' && ch == '\\') {
                i++;
            } else if (ch == q) {
                if (q == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    i++; // '' is an escaped quote inside single quotes
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The deepest message in the chain that gives yamlbeans' position, else {@code fallback}. */
    private static YamlInputException translate(RuntimeException e, String fallback) {
        Throwable t = e;
        String msg = fallback;
        while (t != null) {
            if (t.getMessage() != null && YAMLBEANS_POSITION.matcher(t.getMessage().trim()).matches()) {
                msg = t.getMessage();
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return translateMessage(msg, 0);
    }

    /** yamlbeans counts lines and columns from 0; users count from 1. */
    static YamlInputException translateMessage(String message, int fallbackLine) {
        String msg = message == null ? "malformed YAML" : message.trim();
        Matcher m = YAMLBEANS_POSITION.matcher(msg);
        if (m.matches()) {
            int line = Integer.parseInt(m.group(1)) + 1;
            int column = Integer.parseInt(m.group(2)) + 1;
            return new YamlInputException(line, "malformed YAML (column " + column + "): " + firstLine(m.group(3)));
        }
        return new YamlInputException(fallbackLine, "malformed YAML: " + firstLine(msg));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
