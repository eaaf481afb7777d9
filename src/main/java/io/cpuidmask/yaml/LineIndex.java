package io.cpuidmask.yaml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 1-based source line of every key and sequence item of one YAML document. Lines are kept per
 * mapping and sequence read (by identity), so that validation can name the line of a bad value
 * either directly ({@link #lineOfKey}, {@link #lineOfItem}: no strings built, for the hot path of
 * big profiles) or by path ({@code cpuid[2].ecx}).
 */
public final class LineIndex {

    /** Lines of one mapping's keys, or of one sequence's items, in the order they were read. */
    public static final class Lines {
        private static final int SCAN_LIMIT = 16;
        private Object[] keys = new Object[8];
        private int[] lines = new int[8];
        private int size;
        private Map<Object, Integer> byKey; // only for big mappings, where scanning would be slow

        /** Records a key's line (null key: the next sequence item); false if the key was recorded before. */
        public boolean add(Object key, int line) {
            if (key != null && indexOf(key) >= 0) {
                return false;
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                lines = Arrays.copyOf(lines, size * 2);
            }
            keys[size] = key;
            lines[size] = line;
            if (byKey != null) {
                byKey.put(key, size);
            } else if (key != null && size >= SCAN_LIMIT) {
                byKey = new HashMap<>();
                for (int i = 0; i <= size; i++) {
                    byKey.put(keys[i], i);
                }
            }
            size++;
            return true;
        }

        int indexOf(Object key) {
            if (byKey != null) {
                Integer i = byKey.get(key);
                return i == null ? -1 : i;
            }
            for (int i = 0; i < size; i++) {
                if (key.equals(keys[i])) {
                    return i;
                }
            }
            return -1;
        }

        int keyLine(Object key) {
            int i = key == null ? -1 : indexOf(key);
            return i < 0 ? 0 : lines[i];
        }

        int itemLine(int index) {
            return index >= 0 && index < size ? lines[index] : 0;
        }
    }

    private final Object root;
    private final Map<Object, Lines> tables;
    private final int documentLine;
    // Recorded lines count from the start of the part of the file that was read; this is where it starts.
    private final int lineOffset;

    LineIndex(int documentLine) {
        this(null, new IdentityHashMap<>(), documentLine, 0);
    }

    /**
     * root: the document's data; tables: the lines of each mapping and sequence in it (by identity,
     * handed over by the reader); documentLine as the file counts.
     */
    LineIndex(Object root, Map<Object, Lines> tables, int documentLine, int lineOffset) {
        this.root = root;
        this.tables = tables;
        this.documentLine = documentLine;
        this.lineOffset = lineOffset;
    }

    /** Line of {@code key} in a mapping of this document, or {@code fallback} when not recorded. */
    public int lineOfKey(Object map, Object key, int fallback) {
        Lines t = map == null ? null : tables.get(map);
        int line = t == null ? 0 : t.keyLine(key);
        return line > 0 ? line + lineOffset : fallback;
    }

    /** Line of item {@code index} of a sequence of this document, or {@code fallback} when not recorded. */
    public int lineOfItem(Object list, int index, int fallback) {
        Lines t = list == null ? null : tables.get(list);
        int line = t == null ? 0 : t.itemLine(index);
        return line > 0 ? line + lineOffset : fallback;
    }

    /** The index of a part of the document (a mapping or sequence in it), so that paths inside it resolve. */
    public LineIndex under(String path) {
        Object node = root;
        for (Object step : steps(path)) {
            node = child(node, step);
        }
        return new LineIndex(node, tables, lineOf(path), lineOffset);
    }

    /** Line of the path, or of its nearest recorded ancestor, or of the document start. */
    public int lineOf(String path) {
        Object node = root;
        int line = documentLine;
        for (Object step : steps(path)) {
            line = step instanceof Integer i ? lineOfItem(node, i, line) : lineOfKey(node, step, line);
            node = child(node, step);
            if (node == null) {
                break;
            }
        }
        return line;
    }

    public int documentLine() {
        return documentLine;
    }

    private static Object child(Object node, Object step) {
        if (step instanceof Integer i) {
            return node instanceof List<?> l && i < l.size() ? l.get(i) : null;
        }
        return node instanceof Map<?, ?> m ? m.get(step) : null;
    }

    /** {@code a.b[2].c} as keys and indexes: "a", "b", 2, "c". */
    private static List<Object> steps(String path) {
        List<Object> steps = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    steps.add(path.substring(i));
                    break;
                }
                try {
                    steps.add(Integer.parseInt(path.substring(i + 1, close)));
                } catch (NumberFormatException e) {
                    steps.add(path.substring(i, close + 1));
                }
                i = close + 1;
            } else {
                int end = i;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                steps.add(path.substring(i, end));
                i = end;
            }
        }
        return steps;
    }

    public static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    public static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
