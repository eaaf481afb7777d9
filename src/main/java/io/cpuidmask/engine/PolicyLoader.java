package io.cpuidmask.engine;

import io.cpuidmask.facts.Waiver;
import io.cpuidmask.files.InputFiles;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.PrintableText;
import io.cpuidmask.model.Severity;
import io.cpuidmask.model.Suggestions;
import io.cpuidmask.yaml.LineIndex;
import io.cpuidmask.yaml.SafeYaml;
import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the optional {@code policy.yaml} (disabled rules, severity overrides) and
 * {@code waivers.yaml} of every rules folder. Rule ids must exist in the compiled rules.
 */
public final class PolicyLoader {

    public static final String POLICY_FILE = "policy.yaml";
    public static final String WAIVERS_FILE = "waivers.yaml";
    private static final Set<String> WAIVER_KEYS = Set.of("rule", "cluster", "host", "feature", "reason", "expires");

    public record Loaded(Policy policy, List<String> files, List<InputError> errors) {
    }

    public Loaded load(List<Path> folders, RuleSet rules, LocalDate today) {
        Set<String> ids = new HashSet<>();
        rules.rules().forEach(r -> ids.add(r.id()));
        Set<String> disabled = new HashSet<>();
        Map<String, Severity> severities = new LinkedHashMap<>();
        List<Waiver> waivers = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<InputError> errors = new ArrayList<>();
        for (Path folder : folders) {
            Path policy = folder.resolve(POLICY_FILE);
            if (Files.isRegularFile(policy)) {
                files.add(InputFiles.display(policy));
                readPolicy(policy, ids, disabled, severities, errors);
            }
            Path waiverFile = folder.resolve(WAIVERS_FILE);
            if (Files.isRegularFile(waiverFile)) {
                files.add(InputFiles.display(waiverFile));
                readWaivers(waiverFile, ids, today, waivers, errors);
            }
        }
        return new Loaded(new Policy(disabled, severities, waivers), files, errors);
    }

    /** The file's single document as a mapping (empty when the file is), or null after an error. */
    private static SafeYaml.Document document(Path file, List<InputError> errors, String what) {
        String name = InputFiles.display(file);
        try {
            List<SafeYaml.Document> docs = SafeYaml.readAll(TextFiles.read(file));
            if (docs.size() > 1) {
                // A second document would be read by nobody: the settings in it would be silently ignored.
                errors.add(new InputError(name, docs.get(1).lines().documentLine(), what + " must be one YAML document; found "
                        + docs.size() + " (remove the '---' separators)"));
                return null;
            }
            if (docs.isEmpty() || docs.get(0).data() == null) {
                return new SafeYaml.Document(Map.of(), SafeYaml.emptyIndex());
            }
            if (docs.get(0).data() instanceof Map<?, ?>) {
                return docs.get(0);
            }
            errors.add(new InputError(name, 1, what + " must be a YAML mapping"));
        } catch (YamlInputException e) {
            errors.add(new InputError(name, e.line(), e.getMessage()));
        } catch (IOException e) {
            errors.add(new InputError(name, 0, "cannot be read (" + e.getMessage() + ")"));
        }
        return null;
    }

    private void readPolicy(Path file, Set<String> ids, Set<String> disabled, Map<String, Severity> severities,
                            List<InputError> errors) {
        String name = InputFiles.display(file);
        SafeYaml.Document doc = document(file, errors, "policy.yaml");
        if (doc == null) {
            return;
        }
        Map<?, ?> root = (Map<?, ?>) doc.data();
        LineIndex lines = doc.lines();
        for (Object k : root.keySet()) {
            if (!"disabled".equals(k) && !"severity".equals(k)) {
                errors.add(new InputError(name, lines.lineOf(String.valueOf(k)), "unknown key '" + k
                        + "' (allowed: disabled, severity)"));
            }
        }
        Object d = root.get("disabled");
        if (d instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String id = String.valueOf(list.get(i)).trim();
                if (!ids.contains(id)) {
                    errors.add(new InputError(name, lines.lineOf(LineIndex.item("disabled", i)), unknownRule(id, ids)));
                } else {
                    disabled.add(id);
                }
            }
        } else if (d != null) {
            errors.add(new InputError(name, lines.lineOf("disabled"), "disabled must be a list of rule ids"));
        }
        Object s = root.get("severity");
        if (s instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String id = String.valueOf(e.getKey());
                int line = lines.lineOf(LineIndex.child("severity", id));
                if (!ids.contains(id)) {
                    errors.add(new InputError(name, line, unknownRule(id, ids)));
                    continue;
                }
                try {
                    severities.put(id, Severity.parse(String.valueOf(e.getValue())));
                } catch (IllegalArgumentException ex) {
                    errors.add(new InputError(name, line, ex.getMessage()));
                }
            }
        } else if (s != null) {
            errors.add(new InputError(name, lines.lineOf("severity"), "severity must map rule ids to ERROR, WARNING or INFO"));
        }
    }

    private void readWaivers(Path file, Set<String> ids, LocalDate today, List<Waiver> waivers, List<InputError> errors) {
        String name = InputFiles.display(file);
        SafeYaml.Document doc = document(file, errors, "waivers.yaml");
        if (doc == null) {
            return;
        }
        Map<?, ?> root = (Map<?, ?>) doc.data();
        LineIndex lines = doc.lines();
        for (Object k : root.keySet()) {
            if (!"waivers".equals(k)) {
                errors.add(new InputError(name, lines.lineOf(String.valueOf(k)), "unknown key '" + k + "' (allowed: waivers)"));
            }
        }
        Object list = root.get("waivers");
        if (!(list instanceof List<?> entries)) {
            if (!root.isEmpty()) {
                errors.add(new InputError(name, 1, "waivers.yaml must have a 'waivers' list"));
            }
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            String path = LineIndex.item("waivers", i);
            int line = lines.lineOf(path);
            if (!(entries.get(i) instanceof Map<?, ?> m)) {
                errors.add(new InputError(name, line, "each waiver must be a mapping with rule, reason and expires"));
                continue;
            }
            List<String> problems = new ArrayList<>();
            for (Object k : m.keySet()) {
                if (!WAIVER_KEYS.contains(String.valueOf(k))) {
                    problems.add("unknown key '" + k + "' (allowed: rule, cluster, host, feature, reason, expires)");
                }
            }
            for (String key : List.of("rule", "cluster", "host", "feature", "reason", "expires")) {
                if (m.get(key) instanceof Map<?, ?> || m.get(key) instanceof List<?>) {
                    // cluster: [a, b] read as the text "[a, b]" would match no cluster and waive nothing, silently.
                    problems.add("'" + key + "' must be a single value (one waiver per cluster, host or feature)");
                }
            }
            String rule = text(m, "rule");
            String reason = text(m, "reason");
            String expires = text(m, "expires");
            if (rule == null || !ids.contains(rule)) {
                problems.add(rule == null ? "waiver needs a rule" : unknownRule(rule, ids));
            }
            if (reason == null || reason.isBlank()) {
                problems.add("waiver needs a reason");
            }
            for (String key : List.of("cluster", "host", "feature")) {
                String v = text(m, key);
                if (v != null && !PrintableText.isPrintable(v)) {
                    problems.add("'" + key + "' must be printable text (it holds "
                            + PrintableText.firstUnprintableName(v) + ")");
                }
            }
            String why = text(m, "reason");
            if (why != null && PrintableText.hasLoneSurrogate(why)) {
                // Free text: control characters are shown escaped in every report, but a lone surrogate
                // cannot be written as UTF-8 at all and would stop every report.
                problems.add("'reason' holds a lone surrogate, which no report can carry");
            }
            LocalDate date = null;
            try {
                date = expires == null ? null : LocalDate.parse(expires);
            } catch (DateTimeParseException e) {
                // reported below
            }
            if (date == null) {
                problems.add("waiver needs expires: YYYY-MM-DD");
            }
            if (!problems.isEmpty()) {
                problems.forEach(p -> errors.add(new InputError(name, line, p)));
                continue;
            }
            waivers.add(new Waiver(rule, text(m, "cluster"), text(m, "host"), text(m, "feature"), reason, date, today, name, line));
        }
    }

    /** "unknown rule id 'x'", with the nearest rule id when the id looks mistyped. */
    private static String unknownRule(String id, Set<String> ids) {
        return "unknown rule id '" + id + "'" + Suggestions.didYouMean(id, new TreeSet<>(ids));
    }

    private static String text(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : String.valueOf(v).trim();
    }
}
