package io.cpuidmask.yaml;

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
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds YAML documents as maps, lists and strings straight from yamlbeans' public event
 * {@link Parser}, and records the 1-based line of every mapping key and sequence item
 * ({@link LineIndex.Lines}). No {@code YamlReader} is involved, so no tag can name a class to load.
 * Tags, anchors, aliases, merge keys, duplicate keys and keys that are not plain scalars are
 * refused; so is nesting deeper than {@link #MAX_DEPTH}.
 *
 * <p>The parser only tells how far its tokenizer has read, which may be past the node just
 * announced; the text is searched for the node's own line where that happens.
 */
final class YamlTree {

    /** Nesting deeper than this is refused, so that reading stays bounded. */
    static final int MAX_DEPTH = 32;

    private final Parser parser;
    private final String text;
    private TextLines textLines;
    private Map<Object, LineIndex.Lines> lines;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private int documentLine;

    YamlTree(String text) {
        this.parser = new Parser(new StringReader(text));
        this.text = text;
    }

    /**
     * The next document, or null at the end of the stream. Lines count from the start of this text
     * plus {@code lineOffset}.
     *
     * @throws YamlInputException for refused input; yamlbeans' own exceptions for malformed input
     */
    SafeYaml.Document next(int lineOffset) throws YamlInputException {
        lines = new IdentityHashMap<>(); // the previous document's map now belongs to its index
        stack.clear();
        documentLine = 0;
        while (true) {
            Event event = parser.getNextEvent();
            if (event == null || event.type == EventType.STREAM_END) {
                return null;
            }
            if (event.type == EventType.DOCUMENT_START) {
                break;
            }
        }
        Object data = readValue();
        parser.getNextEvent(); // the document's end
        return new SafeYaml.Document(data, new LineIndex(data, lines, documentLine + lineOffset, lineOffset));
    }

    private Object readValue() throws YamlInputException {
        Event event = parser.peekNextEvent();
        int line = parser.getLineNumber() + 1;
        Frame top = stack.peek();
        if (top == null) {
            // The parser may be past a root node that is a scalar or carries a tag: find its line.
            line = firstContentLine(line);
        } else if (!top.mapping && !(event instanceof ScalarEvent)) {
            // Likewise for a sequence item that is a flow collection or carries a tag or anchor.
            line = entryLine(top, line);
        }
        if (documentLine == 0) {
            documentLine = line;
        }
        boolean isKey = top != null && top.mapping && top.pendingKey == null;
        // A value is reported at its key's line; the parser is already past it.
        refuseNodeProperties(event, top != null && top.mapping && !isKey ? top.pendingLine : line);
        if (isKey) {
            return readKey(event, top, line);
        }
        if (top != null && top.mapping) {
            top.pendingKey = null;
        } else if (top != null) {
            top.items++;
            // For a scalar item the parser is already past it: find the line that holds the value.
            int at = event instanceof ScalarEvent s ? locate(s.value, top.lastLine, line) : line;
            top.lines.add(null, at);
            top.lastLine = at;
        }
        return switch (event.type) {
            case SCALAR -> {
                ScalarEvent s = (ScalarEvent) parser.getNextEvent();
                // YAML's plain null (~, null, or nothing) is no value, not the text "~" or "null".
                yield s.style == 0 && s.value != null && isNull(s.value) ? null : s.value;
            }
            case MAPPING_START, SEQUENCE_START -> readCollection(event.type == EventType.MAPPING_START, top, line);
            default -> throw parser.new ParserException("Expected scalar, sequence, or mapping but found: " + event.type);
        };
    }

    private void refuseNodeProperties(Event event, int where) throws YamlInputException {
        if (event instanceof AliasEvent alias) {
            throw new YamlInputException(where, "alias '*" + alias.anchor + "' refused: anchors and aliases are not allowed in inputs");
        }
        if (event instanceof NodeEvent node && node.anchor != null) {
            throw new YamlInputException(where, "anchor '&" + node.anchor + "' refused: anchors and aliases are not allowed in inputs");
        }
        String tag = event instanceof ScalarEvent s ? s.tag : event instanceof CollectionStartEvent c ? c.tag : null;
        if (tag != null) {
            throw new YamlInputException(where, "tag '" + tag + "' refused: YAML tags are not allowed in inputs (nothing is instantiated)");
        }
    }

    private Object readKey(Event event, Frame top, int line) throws YamlInputException {
        if (event.type != EventType.SCALAR) {
            throw new YamlInputException(line, "mapping keys must be plain scalars");
        }
        String read = ((ScalarEvent) parser.getNextEvent()).value; // an empty key is null, "~" stays "~"
        Object key = read == null ? "null" : read; // never null: null marks "a key comes next"
        if ("<<".equals(key)) {
            throw new YamlInputException(line, "merge key '<<' refused: merging mappings is not allowed in inputs");
        }
        if (!top.lines.add(key, line)) {
            String k = key.toString();
            throw new YamlInputException(line, "duplicate key '" + (k.length() > 64 ? k.substring(0, 64) + "..." : k) + "'");
        }
        top.pendingKey = key;
        top.pendingLine = line;
        return read;
    }

    private Object readCollection(boolean mapping, Frame top, int line) throws YamlInputException {
        if (stack.size() >= MAX_DEPTH) {
            throw new YamlInputException(line, "nesting deeper than " + MAX_DEPTH + " levels refused");
        }
        Frame frame = new Frame(mapping);
        frame.lastLine = top == null ? line : Math.max(top.lastLine, top.pendingLine);
        stack.push(frame);
        parser.getNextEvent(); // the collection's start
        EventType end = mapping ? EventType.MAPPING_END : EventType.SEQUENCE_END;
        Object value;
        if (mapping) {
            Map<Object, Object> map = new LinkedHashMap<>();
            while (parser.peekNextEvent().type != end) {
                Object key = readValue();
                map.put(key, readValue());
            }
            value = map;
        } else {
            List<Object> list = new ArrayList<>();
            while (parser.peekNextEvent().type != end) {
                list.add(readValue());
            }
            value = list;
        }
        parser.getNextEvent();
        stack.pop();
        lines.put(value, frame.lines);
        return value;
    }

    private static boolean isNull(String plain) {
        return plain.isEmpty() || plain.equals("~") || plain.equals("null") || plain.equals("Null") || plain.equals("NULL");
    }

    private TextLines textLines() {
        if (textLines == null) {
            textLines = TextLines.yaml(text);
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
            if (all.line(l).startsWith("---")) {
                if (!all.line(l).substring(3).isBlank()) {
                    return l; // "--- value": the root starts on the marker's line
                }
                from = l + 1;
                break;
            }
        }
        for (int l = from; l <= last; l++) {
            String t = all.line(l).strip();
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
            String s = all.line(l);
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
        // A flow sequence: the parser may be past the end of the line; take the last non-blank line before.
        for (int l = Math.min(to, all.count()); l > Math.max(1, from); l--) {
            if (!all.line(l).isBlank()) {
                return l;
            }
        }
        return Math.max(1, Math.min(to, from));
    }

    private int locate(String value, int from, int to) {
        if (value != null && !value.isEmpty()) {
            TextLines all = textLines();
            for (int l = Math.max(1, from); l <= Math.min(to, all.count()); l++) {
                if (all.line(l).contains(value)) {
                    return l;
                }
            }
        }
        return to;
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
