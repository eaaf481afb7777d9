package com.esotericsoftware.yamlbeans;

import com.esotericsoftware.yamlbeans.parser.AliasEvent;
import com.esotericsoftware.yamlbeans.parser.CollectionStartEvent;
import com.esotericsoftware.yamlbeans.parser.Event;
import com.esotericsoftware.yamlbeans.parser.EventType;
import com.esotericsoftware.yamlbeans.parser.NodeEvent;
import com.esotericsoftware.yamlbeans.parser.Parser.ParserException;
import com.esotericsoftware.yamlbeans.parser.ScalarEvent;
import com.esotericsoftware.yamlbeans.tokenizer.Tokenizer.TokenizerException;
import io.cpuidmask.yaml.LineIndex;
import io.cpuidmask.yaml.SafeYaml;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A {@link YamlReader} that, in the same single pass, refuses tags, anchors and aliases (which a
 * {@link SafeYamlConfig} alone would read as plain strings or null) and records the 1-based line of
 * every mapping key and sequence item, per mapping and sequence read ({@link LineIndex.Lines}).
 *
 * <p>It lives in yamlbeans' package because the parser, whose position gives the lines, is
 * package-private there; it only reads it.
 */
public class LineTrackingYamlReader extends YamlReader {

    /** Nesting deeper than this is refused, so that reading stays bounded. */
    public static final int MAX_DEPTH = 32;

    /** Thrown for input the reader refuses; {@code line} is 1-based. */
    public static final class RefusedException extends YamlException {
        private final int line;

        RefusedException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private final String text;
    private TextLines textLines;
    private Map<Object, LineIndex.Lines> lines = new IdentityHashMap<>();
    private final Deque<Frame> stack = new ArrayDeque<>();
    private int documentLine;

    public LineTrackingYamlReader(String text, YamlConfig config) {
        super(new StringReader(text), config);
        this.text = text;
    }

    /** Reads the next document; returns null at the end of the stream. Lines restart per document. */
    public Object readDocument() throws YamlException {
        lines = new IdentityHashMap<>(); // the previous document's map now belongs to its caller
        stack.clear();
        documentLine = 0;
        return read();
    }

    /**
     * Lines of the last document read, per mapping and sequence in it (by identity); the map is the
     * caller's (the next document gets a new one).
     */
    public Map<Object, LineIndex.Lines> lines() {
        return lines;
    }

    /** Line where the last document's content starts. */
    public int documentLine() {
        return documentLine;
    }

    @Override
    protected Object readValue(Class type, Class elementType, Class defaultType)
            throws YamlException, ParserException, TokenizerException {
        Event event = parser.peekNextEvent();
        int line = parser.getLineNumber() + 1;
        Frame top = stack.peek();
        if (top == null) {
            // yamlbeans' position may be past a root node that is a scalar or carries a tag: find its line.
            line = firstContentLine(line);
        } else if (!top.mapping && !(event instanceof ScalarEvent)) {
            // Likewise for a sequence item that is a flow collection or carries a tag or anchor.
            line = entryLine(top, line);
        }
        if (documentLine == 0) {
            documentLine = line;
        }
        boolean isKey = top != null && top.mapping && top.pendingKey == null;
        // A value is reported at its key's line; yamlbeans' position is already past it.
        int where = top != null && top.mapping && !isKey ? top.pendingLine : line;
        if (event instanceof AliasEvent alias) {
            throw new RefusedException(where, "alias '*" + alias.anchor + "' refused: anchors and aliases are not allowed in inputs");
        }
        if (event instanceof NodeEvent node && node.anchor != null) {
            throw new RefusedException(where, "anchor '&" + node.anchor + "' refused: anchors and aliases are not allowed in inputs");
        }
        String tag = event instanceof ScalarEvent s ? s.tag : event instanceof CollectionStartEvent c ? c.tag : null;
        if (tag != null) {
            throw new RefusedException(where, "tag '" + tag + "' refused: YAML tags are not allowed in inputs (nothing is instantiated)");
        }
        if (isKey) {
            if (event.type != EventType.SCALAR) {
                throw new RefusedException(line, "mapping keys must be plain scalars");
            }
            Object read = super.readValue(type, elementType, defaultType);
            Object key = read == null ? "null" : read; // never null: null marks "a key comes next"
            if ("<<".equals(key)) {
                throw new RefusedException(line, "merge key '<<' refused: merging mappings is not allowed in inputs");
            }
            if (!top.lines.add(key, line)) {
                String k = key.toString();
                throw new RefusedException(line, "duplicate key '" + (k.length() > 64 ? k.substring(0, 64) + "..." : k) + "'");
            }
            top.pendingKey = key;
            top.pendingLine = line;
            return read;
        }
        if (top != null && top.mapping) {
            top.pendingKey = null;
        } else if (top != null) {
            top.items++;
            // For a scalar item yamlbeans is already past it: find the line that holds the value.
            int at = event instanceof ScalarEvent s ? locate(s.value, top.lastLine, line) : line;
            top.lines.add(null, at);
            top.lastLine = at;
        }
        boolean collection = event.type == EventType.MAPPING_START || event.type == EventType.SEQUENCE_START;
        if (collection) {
            if (stack.size() >= MAX_DEPTH) {
                throw new RefusedException(line, "nesting deeper than " + MAX_DEPTH + " levels refused");
            }
            Frame frame = new Frame(event.type == EventType.MAPPING_START);
            frame.lastLine = top == null ? line : Math.max(top.lastLine, top.pendingLine);
            stack.push(frame);
        }
        Frame frame = collection ? stack.peek() : null;
        try {
            Object value = super.readValue(type, elementType, defaultType);
            if (frame != null && value != null) {
                lines.put(value, frame.lines);
            }
            // YAML's plain null (~, null, or nothing) is no value, not the text "~" or "null".
            if (event instanceof ScalarEvent s && s.style == 0 && value instanceof String v && isNull(v)) {
                return null;
            }
            return value;
        } finally {
            if (collection) {
                stack.pop();
            }
        }
    }

    private static boolean isNull(String plain) {
        return plain.isEmpty() || plain.equals("~") || plain.equals("null") || plain.equals("Null") || plain.equals("NULL");
    }

    private TextLines textLines() {
        if (textLines == null) {
            textLines = new TextLines(text);
        }
        return textLines;
    }

    /**
     * The first line of the current document's root node at or before {@code to}: the first line after the
     * last document marker ({@code ---}) that is neither blank, a comment nor a directive.
     */
    private int firstContentLine(int to) {
        TextLines all = textLines();
        int last = Math.min(to, all.count());
        int from = 1;
        for (int l = last; l >= 1; l--) {
            if (all.line(l - 1).startsWith("---")) {
                if (!all.line(l - 1).substring(3).isBlank()) {
                    return l; // "--- value": the root starts on the marker's line
                }
                from = l + 1;
                break;
            }
        }
        for (int l = from; l <= last; l++) {
            String t = all.line(l - 1).strip();
            if (!t.isEmpty() && !t.startsWith("#") && !t.startsWith("%")) {
                return l;
            }
        }
        return to;
    }

    /**
     * The line of a sequence item that is a collection: the first block entry ({@code -}) after the
     * previous item, at the indentation of the sequence's items; without one (a flow
     * sequence, where it is the last non-blank line up to there).
     */
    private int entryLine(Frame seq, int to) {
        TextLines all = textLines();
        int from = seq.items == 0 ? seq.lastLine : seq.lastLine + 1;
        for (int l = Math.max(1, from); l <= Math.min(to, all.count()); l++) {
            String s = all.line(l - 1);
            int indent = 0;
            while (indent < s.length() && s.charAt(indent) == ' ') {
                indent++;
            }
            boolean entry = indent < s.length() && s.charAt(indent) == '-'
                    && (indent + 1 == s.length() || s.charAt(indent + 1) == ' ');
            if (entry && (seq.itemIndent < 0 || seq.itemIndent == indent)) {
                seq.itemIndent = indent;
                return l;
            }
        }
        // A flow sequence: yamlbeans may be past the end of the line; take the last non-blank line before.
        for (int l = Math.min(to, all.count()); l > Math.max(1, from); l--) {
            if (!all.line(l - 1).isBlank()) {
                return l;
            }
        }
        return Math.max(1, Math.min(to, from));
    }

    private int locate(String value, int from, int to) {
        if (value != null && !value.isEmpty()) {
            TextLines all = textLines();
            for (int l = Math.max(1, from); l <= Math.min(to, all.count()); l++) {
                if (all.line(l - 1).contains(value)) {
                    return l;
                }
            }
        }
        return to;
    }

    /** The lines of the text, each cut out only when looked at (a big part of a file has many). */
    private static final class TextLines {
        private final String text;
        private final int[] starts;
        private final int count;

        TextLines(String text) {
            this.text = text;
            // Lines end where yamlbeans counts a line break.
            int n = 1;
            for (int i = 0; i < text.length(); i++) {
                if (SafeYaml.isLineBreak(text.charAt(i))) {
                    n++;
                }
            }
            starts = new int[n];
            int line = 1;
            for (int i = 0; i < text.length(); i++) {
                if (SafeYaml.isLineBreak(text.charAt(i))) {
                    starts[line++] = i + 1;
                }
            }
            count = n;
        }

        int count() {
            return count;
        }

        /** Line {@code i} (0-based), without its line feed. */
        String line(int i) {
            int end = i + 1 < count ? starts[i + 1] - 1 : text.length();
            return text.substring(starts[i], end);
        }
    }

    private static final class Frame {
        final boolean mapping;
        final LineIndex.Lines lines = new LineIndex.Lines();
        Object pendingKey;
        int pendingLine;
        int items;
        int lastLine;
        int itemIndent = -1;

        Frame(boolean mapping) {
            this.mapping = mapping;
        }
    }
}
