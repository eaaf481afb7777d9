package io.cpuidmask.yaml;

import com.esotericsoftware.yamlbeans.LineTrackingYamlReader;
import com.esotericsoftware.yamlbeans.SafeYamlConfig;
import com.esotericsoftware.yamlbeans.YamlConfig;
import com.esotericsoftware.yamlbeans.YamlException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads untrusted YAML with yamlbeans in its safe configuration ({@link SafeYamlConfig}, duplicate
 * keys refused), in one pass that also refuses tags, anchors and aliases outright (SafeYamlConfig
 * alone turns a class tag into a plain string and an alias into null without a word), bounds the
 * nesting depth, and records the line of every key.
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
        checkTabs(text);
        YamlConfig config = new SafeYamlConfig();
        config.setAllowDuplicates(false);
        LineTrackingYamlReader reader = new LineTrackingYamlReader(text, config);
        List<Document> docs = new ArrayList<>();
        try {
            while (true) {
                Object data = reader.readDocument();
                if (data == null && reader.documentLine() == 0) {
                    break; // end of the stream: no value was read
                }
                docs.add(new Document(data, new LineIndex(reader.lines(), Math.max(1, reader.documentLine()))));
            }
        } catch (LineTrackingYamlReader.RefusedException e) {
            throw new YamlInputException(e.line(), e.getMessage());
        } catch (YamlException e) {
            throw translate(e);
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

    private static YamlInputException translate(YamlException e) {
        Throwable t = e;
        String msg = e.getMessage();
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
