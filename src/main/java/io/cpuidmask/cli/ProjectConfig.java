package io.cpuidmask.cli;

import io.cpuidmask.files.InputFiles;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Suggestions;
import io.cpuidmask.report.Renderers;
import io.cpuidmask.run.ClusterGuests;
import io.cpuidmask.yaml.LineIndex;
import io.cpuidmask.yaml.SafeYaml;
import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A project's settings for {@code check}, as {@code .conftest.toml} or {@code .kube-linter.yaml}
 * hold them: {@code cpuidmask.yaml} in the current folder, or {@code --config FILE}. Read with
 * the same safe YAML reader as profiles (no tags, anchors or aliases, no duplicate keys, unknown
 * keys refused); every problem is a {@code file:line: message}. Paths are relative to the file's
 * folder. docs/CONFIG.md has the schema.
 */
final class ProjectConfig {

    /** Looked for in the current folder when --config is not given. */
    static final String DEFAULT_FILE = "cpuidmask.yaml";

    static final List<String> KEYS = List.of("inputs", "guests", "formats", "out", "fail-on", "site");

    /** What the file sets; null for a key it does not have. */
    record Config(Path file, List<Path> inputs, ClusterGuests guests, List<Renderers.Format> formats, Path out,
                  CheckCommand.FailOn failOn, List<Path> site, Map<String, Integer> lines) {

        /** {@code file:line} of a key, for a message about its value. */
        String where(String key) {
            Integer line = lines.get(key);
            return InputFiles.display(file) + (line == null || line == 0 ? "" : ":" + line);
        }
    }

    /** The config, or the problems that keep it from being used (then config is null). */
    record Loaded(Config config, List<InputError> errors) {
    }

    private final Path file;
    private final String name;
    private final List<InputError> errors = new ArrayList<>();
    private LineIndex lines;

    private ProjectConfig(Path file) {
        this.file = file;
        this.name = InputFiles.display(file);
    }

    static Loaded load(Path file) {
        return new ProjectConfig(file).read();
    }

    private Loaded read() {
        Map<?, ?> root;
        try {
            if (!Files.isRegularFile(file)) {
                return failed(0, Files.exists(file) ? "is not a file" : "no such file");
            }
            List<SafeYaml.Document> docs = SafeYaml.readAll(TextFiles.read(file));
            if (docs.size() > 1) {
                return failed(docs.get(1).lines().documentLine(), "one YAML document expected, found " + docs.size());
            }
            if (docs.isEmpty() || docs.get(0).data() == null) {
                return new Loaded(new Config(file, null, null, null, null, null, null, Map.of()), List.of());
            }
            if (!(docs.get(0).data() instanceof Map<?, ?> m)) {
                return failed(docs.get(0).lines().documentLine(), "must be a YAML mapping of " + String.join(", ", KEYS));
            }
            root = m;
            lines = docs.get(0).lines();
        } catch (YamlInputException e) {
            return failed(e.line(), e.getMessage());
        } catch (IOException e) {
            return failed(0, "cannot be read (" + e.getMessage() + ")");
        }
        for (Object k : root.keySet()) {
            String key = String.valueOf(k);
            if (!KEYS.contains(key)) {
                error(lines.lineOfKey(root, k, 1), "unknown key '" + key + "'" + Suggestions.didYouMean(key, KEYS)
                        + " (allowed: " + String.join(", ", KEYS) + ")");
            }
        }
        List<Path> inputs = paths(root, "inputs", false);
        ClusterGuests guests = guests(root);
        List<Renderers.Format> formats = formats(root);
        Path out = null;
        String outText = scalar(root, "out");
        if (outText != null) {
            out = ReportOutput.STDOUT.equals(outText) ? Path.of(outText) : path(outText, lines.lineOf("out"));
        }
        CheckCommand.FailOn failOn = null;
        String failText = scalar(root, "fail-on");
        if (failText != null) {
            try {
                failOn = CheckCommand.FailOn.valueOf(failText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                error(lines.lineOf("fail-on"), "fail-on must be error or warning, not '" + failText + "'"
                        + Suggestions.didYouMean(failText, List.of("error", "warning")));
            }
        }
        List<Path> site = paths(root, "site", true);
        if (!errors.isEmpty()) {
            return new Loaded(null, List.copyOf(errors));
        }
        Map<String, Integer> keyLines = new HashMap<>();
        for (String k : KEYS) {
            keyLines.put(k, root.containsKey(k) ? lines.lineOf(k) : 0);
        }
        return new Loaded(new Config(file, inputs, guests, formats, out, failOn, site, keyLines), List.of());
    }

    private Loaded failed(int line, String message) {
        error(line, message);
        return new Loaded(null, List.copyOf(errors));
    }

    private void error(int line, String message) {
        errors.add(new InputError(name, line, message));
    }

    /** A single text value, or null when the key is absent (an error when it is not text). */
    private String scalar(Map<?, ?> root, String key) {
        Object v = root.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof String s && !s.isBlank()) {
            return s.trim();
        }
        error(lines.lineOf(key), key + " must be a single value");
        return null;
    }

    /** A list of texts, with the line of each; null when the key is absent. */
    private List<String> texts(Map<?, ?> root, String key, String what) {
        Object v = root.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            error(lines.lineOf(key), key + " must be a list of " + what + " (" + key + ": [a, b])");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof String s && !s.isBlank()) {
                out.add(s.trim());
            } else {
                error(lines.lineOf(LineIndex.item(key, i)), "each of " + key + " must be one of " + what);
                out.add(null);
            }
        }
        return out;
    }

    private List<Path> paths(Map<?, ?> root, String key, boolean folders) {
        List<String> texts = texts(root, key, folders ? "folders" : "paths");
        if (texts == null) {
            return null;
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                continue;
            }
            int line = lines.lineOf(LineIndex.item(key, i));
            Path p = path(texts.get(i), line);
            if (p != null && folders && !Files.isDirectory(p)) {
                error(line, key + ": " + InputFiles.display(p) + " is not a folder");
            }
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** The path as written, relative to the config file's folder. */
    private Path path(String text, int line) {
        try {
            Path p = Path.of(text);
            Path base = file.getParent();
            return base == null || p.isAbsolute() ? p : base.resolve(p);
        } catch (InvalidPathException e) {
            error(line, "not a path: '" + text + "'");
            return null;
        }
    }

    private List<Renderers.Format> formats(Map<?, ?> root) {
        List<String> texts = texts(root, "formats", "the formats " + Arrays.toString(Renderers.Format.values()));
        if (texts == null) {
            return null;
        }
        List<String> known = Arrays.stream(Renderers.Format.values()).map(Enum::name).toList();
        List<Renderers.Format> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t == null) {
                continue;
            }
            if (known.contains(t.toLowerCase(Locale.ROOT))) {
                out.add(Renderers.Format.valueOf(t.toLowerCase(Locale.ROOT)));
            } else {
                error(lines.lineOf(LineIndex.item("formats", i)), "unknown format '" + t + "'" + Suggestions.didYouMean(t, known)
                        + " (known: " + String.join(", ", known) + ")");
            }
        }
        return out;
    }

    private ClusterGuests guests(Map<?, ?> root) {
        Object v = root.get("guests");
        if (v == null) {
            return null;
        }
        int line = lines.lineOf("guests");
        if (!(v instanceof Map<?, ?> map) || map.isEmpty()) {
            error(line, "guests must map cluster-name patterns to lists of guest ids, first match wins: "
                    + "guests: {\"prod-*\": [rhel9-64], \"*\": [linux-64]}");
            return null;
        }
        List<ClusterGuests.Rule> rules = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String glob = String.valueOf(e.getKey());
            int at = lines.lineOfKey(map, e.getKey(), line);
            if (!(e.getValue() instanceof List<?> ids) || ids.isEmpty()) {
                error(at, "guests: '" + glob + "' must have a list of guest ids ('" + glob + "': [linux-64]); "
                        + "'cpuidmask guests' lists them");
                continue;
            }
            List<String> guestIds = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i) instanceof String s && !s.isBlank()) {
                    guestIds.add(s.trim());
                } else {
                    error(lines.lineOfItem(ids, i, at), "guests: '" + glob + "': each entry must be a guest id");
                }
            }
            rules.add(new ClusterGuests.Rule(glob, guestIds, at));
        }
        return new ClusterGuests(name, line, rules);
    }
}
