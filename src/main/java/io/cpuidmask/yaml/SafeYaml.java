package io.cpuidmask.yaml;

import com.esotericsoftware.yamlbeans.SafeYamlConfig;
import com.esotericsoftware.yamlbeans.YamlConfig;
import com.esotericsoftware.yamlbeans.YamlException;
import com.esotericsoftware.yamlbeans.YamlReader;
import com.esotericsoftware.yamlbeans.parser.AliasEvent;
import com.esotericsoftware.yamlbeans.parser.CollectionStartEvent;
import com.esotericsoftware.yamlbeans.parser.Event;
import com.esotericsoftware.yamlbeans.parser.EventType;
import com.esotericsoftware.yamlbeans.parser.NodeEvent;
import com.esotericsoftware.yamlbeans.parser.Parser;
import com.esotericsoftware.yamlbeans.parser.ScalarEvent;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads untrusted YAML with yamlbeans in its safe configuration ({@link SafeYamlConfig}, duplicate
 * keys refused). SafeYamlConfig alone turns a class tag into a plain string and an alias into
 * null without a word, so a first pass over yamlbeans' own parser events refuses tags, anchors
 * and aliases outright, checks duplicate keys and nesting depth, and records the line of every key.
 */
public final class SafeYaml {

    /** Deeper nesting than any profile needs; refused so that reading stays bounded. */
    static final int MAX_DEPTH = 32;
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
        checkTabs(text);
        List<LineIndex> indexes = index(text);
        List<Document> docs = new ArrayList<>();
        YamlConfig config = new SafeYamlConfig();
        config.setAllowDuplicates(false);
        YamlReader reader = new YamlReader(new StringReader(text), config);
        try {
            for (LineIndex lines : indexes) {
                Object data = reader.read();
                docs.add(new Document(data, lines));
            }
        } catch (YamlException e) {
            throw translate(e);
        } catch (RuntimeException e) {
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
            if (c == '\n') {
                line++;
                indent = true;
            } else if (indent && c == '\t') {
                throw new YamlInputException(line, "tab character in indentation (YAML allows only spaces)");
            } else if (c != ' ') {
                indent = false;
            }
        }
    }

    /** First pass: safety checks and the line index, one per document. */
    private static List<LineIndex> index(String text) throws YamlInputException {
        TextLines textLines = new TextLines(text);
        Parser parser = new Parser(new StringReader(text));
        int lastLine = 1;
        List<LineIndex> result = new ArrayList<>();
        Deque<Frame> stack = new ArrayDeque<>();
        LineIndex current = null;
        try {
            while (true) {
                Event event = parser.getNextEvent();
                if (event == null || event.type == EventType.STREAM_END) {
                    break;
                }
                int line = parser.getLineNumber() + 1;
                if (event instanceof AliasEvent alias) {
                    throw new YamlInputException(keyLine(stack, line),
                            "alias '*" + alias.anchor + "' refused: anchors and aliases are not allowed in inputs");
                }
                if (event instanceof NodeEvent node && node.anchor != null) {
                    throw new YamlInputException(keyLine(stack, line),
                            "anchor '&" + node.anchor + "' refused: anchors and aliases are not allowed in inputs");
                }
                switch (event.type) {
                    case DOCUMENT_START -> {
                        current = new LineIndex(line);
                        result.add(current);
                        stack.clear();
                    }
                    case MAPPING_START, SEQUENCE_START -> {
                        CollectionStartEvent c = (CollectionStartEvent) event;
                        rejectTag(c.tag, keyLine(stack, line));
                        if (stack.size() >= MAX_DEPTH) {
                            throw new YamlInputException(line, "nesting deeper than " + MAX_DEPTH + " levels refused");
                        }
                        String path = place(stack, current, line, true);
                        lastLine = Math.max(lastLine, keyLine(stack, line));
                        stack.push(new Frame(event.type == EventType.MAPPING_START, path));
                    }
                    case MAPPING_END, SEQUENCE_END -> {
                        stack.pop();
                    }
                    case SCALAR -> {
                        ScalarEvent s = (ScalarEvent) event;
                        rejectTag(s.tag, keyLine(stack, line));
                        Frame top = stack.peek();
                        if (top != null && top.mapping && top.pendingKey == null) {
                            if (!top.keys.add(s.value)) {
                                throw new YamlInputException(line, "duplicate key '" + s.value + "'");
                            }
                            top.pendingKey = s.value;
                            top.pendingLine = line;
                            lastLine = line;
                            current.put(LineIndex.child(top.path, s.value), line);
                        } else {
                            // yamlbeans reports the position after its look-ahead: for an item of a
                            // list, find the line that holds the value, between the last known line and here.
                            int at = locate(textLines, s.value, lastLine, line);
                            place(stack, current, at, false);
                            lastLine = at;
                        }
                    }
                    default -> {
                        // stream and document ends carry nothing to check
                    }
                }
            }
        } catch (Parser.ParserException | com.esotericsoftware.yamlbeans.tokenizer.Tokenizer.TokenizerException e) {
            throw translateMessage(e.getMessage(), parser.getLineNumber() + 1);
        }
        return result;
    }

    private static int locate(TextLines textLines, String value, int from, int to) {
        if (value != null && !value.isEmpty()) {
            String[] lines = textLines.get();
            for (int l = Math.max(1, from); l <= Math.min(to, lines.length); l++) {
                if (lines[l - 1].contains(value)) {
                    return l;
                }
            }
        }
        return to;
    }

    /** The text split into lines, only when a list item's line must be found. */
    private static final class TextLines {
        private final String text;
        private String[] lines;

        TextLines(String text) {
            this.text = text;
        }

        String[] get() {
            if (lines == null) {
                lines = text.split("\n", -1);
            }
            return lines;
        }
    }

    /** Records where a value sits and returns its path; clears the pending key of a mapping. */
    private static String place(Deque<Frame> stack, LineIndex index, int line, boolean collection) throws YamlInputException {
        Frame top = stack.peek();
        if (top == null) {
            return "";
        }
        if (top.mapping) {
            if (top.pendingKey == null) {
                throw new YamlInputException(line, "mapping keys must be plain scalars");
            }
            String path = LineIndex.child(top.path, top.pendingKey);
            top.pendingKey = null;
            return path;
        }
        String path = LineIndex.item(top.path, top.items++);
        index.put(path, line);
        return path;
    }

    private static int keyLine(Deque<Frame> stack, int fallback) {
        Frame top = stack.peek();
        return top != null && top.mapping && top.pendingKey != null ? top.pendingLine : fallback;
    }

    private static void rejectTag(String tag, int line) throws YamlInputException {
        if (tag != null) {
            throw new YamlInputException(line, "tag '" + tag + "' refused: YAML tags are not allowed in inputs (nothing is instantiated)");
        }
    }

    private static YamlInputException translate(YamlException e) {
        Throwable t = e;
        String msg = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null && YAMLBEANS_POSITION.matcher(t.getMessage()).matches()) {
                msg = t.getMessage();
            }
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

    private static final class Frame {
        final boolean mapping;
        final String path;
        final Set<String> keys = new HashSet<>();
        String pendingKey;
        int pendingLine;
        int items;

        Frame(boolean mapping, String path) {
            this.mapping = mapping;
            this.path = path;
        }
    }
}
