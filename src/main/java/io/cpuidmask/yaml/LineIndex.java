package io.cpuidmask.yaml;

import java.util.HashMap;
import java.util.Map;

/**
 * The 1-based source line of every key and sequence item of one YAML document, by path
 * ({@code cpuid[2].ecx}). Lets validation name the line of a bad value.
 */
public final class LineIndex {

    private final Map<String, Integer> lines;
    private final int documentLine;
    private final String prefix;
    // Lines in the map count from the start of the part of the file that was read; this is where it starts.
    private final int lineOffset;

    LineIndex(int documentLine) {
        this(new HashMap<>(), documentLine, "", 0);
    }

    /** lines: handed over by the reader, not shared; documentLine and lineOffset as the file counts. */
    LineIndex(Map<String, Integer> lines, int documentLine, int lineOffset) {
        this(lines, documentLine, "", lineOffset);
    }

    private LineIndex(Map<String, Integer> lines, int documentLine, String prefix, int lineOffset) {
        this.lines = lines;
        this.documentLine = documentLine;
        this.prefix = prefix;
        this.lineOffset = lineOffset;
    }

    /** The index of a part of the document, so that paths inside it resolve to their lines. */
    public LineIndex under(String path) {
        return new LineIndex(lines, lineOf(path), resolve(path), lineOffset);
    }

    private String resolve(String path) {
        if (prefix.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? prefix : path.startsWith("[") ? prefix + path : prefix + "." + path;
    }

    void put(String path, int line) {
        lines.putIfAbsent(path, line);
    }

    /** Line of the path, or of its nearest recorded ancestor, or of the document start. */
    public int lineOf(String path) {
        String p = resolve(path);
        while (true) {
            Integer l = lines.get(p);
            if (l != null) {
                return l + lineOffset;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return documentLine;
            }
            p = p.substring(0, cut);
        }
    }

    public int documentLine() {
        return documentLine;
    }

    public static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    public static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
