package io.cpuidmask.verify;

import io.cpuidmask.files.InputFiles;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.profile.ProfileLoader;
import io.cpuidmask.profile.ProfileParser;
import io.cpuidmask.yaml.LineIndex;
import io.cpuidmask.yaml.SafeYaml;
import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads the policy test cases of a rules folder ({@code tests/*.yaml}). */
public final class PolicyTestLoader {

    static final String CLUSTER = "test";
    private static final Set<String> CASE_KEYS = Set.of("name", "guest", "hosts", "expect");
    private static final Set<String> EXPECT_KEYS = Set.of("status", "hidden", "findings", "absent");
    private static final Set<String> STATUSES = Set.of("PASS", "MASKED", "RISKY", "FAIL");
    private static final Set<String> SEVERITIES = Set.of("ERROR", "WARNING", "INFO");
    private static final Set<String> FINDING_KEYS = Set.of("rule", "severity", "bit", "host", "feature");

    public record Loaded(List<PolicyTestCase> cases, List<InputError> errors) {
    }

    public Loaded load(Path rulesFolder) {
        List<PolicyTestCase> cases = new ArrayList<>();
        List<InputError> errors = new ArrayList<>();
        Path tests = rulesFolder.resolve("tests");
        if (!Files.isDirectory(tests)) {
            return new Loaded(cases, errors);
        }
        InputFiles.Listing listing = InputFiles.expand(List.of(tests), InputFiles::isYamlFile);
        errors.addAll(listing.errors());
        for (Path file : listing.files()) {
            String name = InputFiles.display(file);
            try {
                for (SafeYaml.Document doc : SafeYaml.readAll(TextFiles.read(file))) {
                    readDocument(file, name, doc, cases, errors);
                }
            } catch (YamlInputException e) {
                errors.add(new InputError(name, e.line(), e.getMessage()));
            } catch (IOException e) {
                errors.add(new InputError(name, 0, "cannot be read (" + e.getMessage() + ")"));
            }
        }
        return new Loaded(cases, errors);
    }

    private void readDocument(Path file, String name, SafeYaml.Document doc, List<PolicyTestCase> cases,
                              List<InputError> errors) {
        if (doc.data() == null) {
            return;
        }
        if (!(doc.data() instanceof Map<?, ?> root) || !(root.get("cases") instanceof List<?> list)) {
            errors.add(new InputError(name, doc.lines().documentLine(), "a policy test file needs a 'cases' list"));
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String path = LineIndex.item("cases", i);
            int before = errors.size();
            PolicyTestCase c = readCase(file, name, path, list.get(i), doc.lines(), errors);
            if (c != null && errors.size() == before) {
                cases.add(c);
            }
        }
    }

    private PolicyTestCase readCase(Path file, String name, String path, Object item, LineIndex lines,
                                    List<InputError> errors) {
        int line = lines.lineOf(path);
        if (!(item instanceof Map<?, ?> m)) {
            errors.add(new InputError(name, line, "each case must be a mapping with name, guest, hosts and expect"));
            return null;
        }
        unknownKeys(m, CASE_KEYS, name, lines, path, errors);
        String caseName = text(m.get("name"));
        String guest = text(m.get("guest"));
        if (caseName == null || guest == null) {
            errors.add(new InputError(name, line, "a case needs a name and a guest"));
            return null;
        }
        List<HostProfile> hosts = new ArrayList<>();
        if (m.get("hosts") instanceof List<?> hs && !hs.isEmpty()) {
            for (int h = 0; h < hs.size(); h++) {
                readHost(file, name, LineIndex.item(LineIndex.child(path, "hosts"), h), hs.get(h), lines, hosts, errors);
            }
        } else {
            errors.add(new InputError(name, line, "case '" + caseName + "' needs a non-empty hosts list"));
        }
        Map<?, ?> expect = m.get("expect") instanceof Map<?, ?> e ? e : Map.of();
        String ePath = LineIndex.child(path, "expect");
        unknownKeys(expect, EXPECT_KEYS, name, lines, ePath, errors);
        if (expect.isEmpty()) {
            errors.add(new InputError(name, line, "case '" + caseName + "' expects nothing: add expect with status, hidden, findings or absent"));
        }
        Map<String, List<Integer>> hidden = new TreeMap<>();
        if (expect.get("hidden") instanceof Map<?, ?> hm) {
            for (Map.Entry<?, ?> e : hm.entrySet()) {
                hidden.put(String.valueOf(e.getKey()).toLowerCase(), ints(e.getValue(), name, lines.lineOf(LineIndex.child(ePath, "hidden")), errors));
            }
        }
        List<PolicyTestCase.ExpectedFinding> findings = new ArrayList<>();
        if (expect.get("findings") instanceof List<?> fs) {
            for (int f = 0; f < fs.size(); f++) {
                String fPath = LineIndex.item(LineIndex.child(ePath, "findings"), f);
                if (!(fs.get(f) instanceof Map<?, ?> fm) || text(fm.get("rule")) == null) {
                    errors.add(new InputError(name, lines.lineOf(fPath), "each expected finding needs at least a rule"));
                    continue;
                }
                unknownKeys(fm, FINDING_KEYS, name, lines, fPath, errors);
                Integer bit = fm.get("bit") == null ? null : parseInt(text(fm.get("bit")), name, lines.lineOf(fPath), errors);
                findings.add(new PolicyTestCase.ExpectedFinding(text(fm.get("rule")), upper(text(fm.get("severity"))), bit,
                        text(fm.get("host")), text(fm.get("feature"))));
            }
        }
        List<String> absent = new ArrayList<>();
        if (expect.get("absent") instanceof List<?> as) {
            as.forEach(a -> absent.add(String.valueOf(a).trim()));
        }
        String status = upper(text(expect.get("status")));
        if (status != null && !STATUSES.contains(status)) {
            // A status no verdict can have would make the case fail forever: the test is wrong, not the policy.
            errors.add(new InputError(name, lines.lineOf(LineIndex.child(ePath, "status")), "status '" + status
                    + "' is not a verdict (PASS, MASKED, RISKY or FAIL)"));
        }
        for (PolicyTestCase.ExpectedFinding f : findings) {
            if (f.severity() != null && !SEVERITIES.contains(f.severity())) {
                errors.add(new InputError(name, lines.lineOf(LineIndex.child(ePath, "findings")), "severity '" + f.severity()
                        + "' is not ERROR, WARNING or INFO"));
            }
        }
        return new PolicyTestCase(name, line, caseName, guest, hosts, status, hidden, findings, absent);
    }

    private void readHost(Path file, String name, String path, Object item, LineIndex lines, List<HostProfile> hosts,
                          List<InputError> errors) {
        if (item instanceof String ref) {
            Path target = file.getParent().resolve(ref.trim()).normalize();
            ProfileLoader.Loaded loaded = new ProfileLoader().load(List.of(target));
            loaded.errors().forEach(e -> errors.add(new InputError(name, lines.lineOf(path), "host file " + e.render())));
            loaded.hosts().forEach(h -> hosts.add(inTestCluster(h)));
            return;
        }
        if (item instanceof Map<?, ?> m) {
            // Parsed as written (lines are kept per mapping read), then moved into the test's cluster.
            HostProfile h = new ProfileParser().parseHost(name, new SafeYaml.Document(m, lines.under(path)), errors);
            if (h != null) {
                hosts.add(inTestCluster(h));
            }
            return;
        }
        errors.add(new InputError(name, lines.lineOf(path), "a host is a profile path or an inline profile mapping"));
    }

    private static HostProfile inTestCluster(HostProfile h) {
        return new HostProfile(h.host(), CLUSTER, h.vendor(), h.description(), h.registers(), h.source(), h.lines(),
                h.microcode(), h.firmware());
    }

    private static void unknownKeys(Map<?, ?> m, Set<String> allowed, String name, LineIndex lines, String path,
                                    List<InputError> errors) {
        for (Object k : m.keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                errors.add(new InputError(name, lines.lineOf(LineIndex.child(path, String.valueOf(k))),
                        "unknown key '" + k + "' (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")"));
            }
        }
    }

    private static List<Integer> ints(Object v, String name, int line, List<InputError> errors) {
        List<Integer> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                Integer i = parseInt(text(o), name, line, errors);
                if (i != null) {
                    out.add(i);
                }
            }
        } else {
            errors.add(new InputError(name, line, "hidden bits must be a list of bit numbers"));
        }
        out.sort(null);
        return out;
    }

    private static Integer parseInt(String s, String name, int line, List<InputError> errors) {
        try {
            int v = Integer.parseInt(s);
            if (v >= 0 && v <= 31) {
                return v;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        errors.add(new InputError(name, line, "bit '" + s + "' is not a number from 0 to 31"));
        return null;
    }

    private static String text(Object o) {
        return o == null ? null : String.valueOf(o).trim();
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}
