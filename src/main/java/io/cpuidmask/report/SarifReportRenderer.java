package io.cpuidmask.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.RuleInfo;
import io.cpuidmask.model.Severity;
import io.cpuidmask.model.SourceRef;
import io.cpuidmask.result.ClusterResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * SARIF 2.1.0 as GitHub code scanning takes it: rules from the DRL metadata, one result per
 * finding located in the host profile it is about, and input problems as results of their own.
 * A finding that lists several bits is one condition with one location (the profile's line of its
 * first register): SARIF 2.1.0 section 3.27.12 allows several locations only when the fix needs a
 * change at every one, and code scanning shows the first only; its features are a property.
 */
public final class SarifReportRenderer implements ReportRenderer {

    static final String INPUT_RULE = "input-error";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Override
    public String format() {
        return "sarif";
    }

    @Override
    public String fileName() {
        return "report.sarif";
    }

    @Override
    public void render(Report report, Writer out) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "cpuidmask");
        driver.put("version", report.toolVersion());
        driver.put("semanticVersion", report.toolVersion().matches("\\d+\\.\\d+\\.\\d+.*") ? report.toolVersion() : "0.0.0");
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> index = new HashMap<>();
        for (RuleInfo r : report.rules()) {
            if (r.severity() == null) {
                continue;
            }
            index.put(r.id(), rules.size());
            ObjectNode rule = rules.addObject();
            rule.put("id", r.id());
            rule.put("name", r.name());
            String description = r.description() == null ? r.name() : r.description();
            rule.putObject("shortDescription").put("text", description);
            // GitHub code scanning requires a full description and help text (the validator's GH2012).
            rule.putObject("fullDescription").put("text", description);
            rule.putObject("help").put("text", "Rule " + r.id() + " (" + r.file() + ":" + r.line() + "): " + description
                    + (description.endsWith(".") ? "" : ".") + " A site can change its severity or disable it in"
                    + " policy.yaml, or accept a finding until a date in waivers.yaml, in any rules folder (docs/RULES.md).");
            rule.putObject("defaultConfiguration").put("level", level(Severity.parse(r.severity())));
            rule.putObject("properties").put("file", r.file()).put("line", r.line());
        }
        index.put(INPUT_RULE, rules.size());
        ObjectNode inputRule = rules.addObject();
        inputRule.put("id", INPUT_RULE);
        inputRule.put("name", "Input file could not be used");
        inputRule.putObject("shortDescription").put("text", "An input or rule file could not be read or is invalid");
        inputRule.putObject("fullDescription").put("text", "An input, rule, policy or mask catalogue file could not be"
                + " read or is invalid; the rest is still checked and reported (exit code 3)");
        inputRule.putObject("help").put("text", "Correct the file at the line the message names; cpuidmask prints the"
                + " same problem on stderr as file:line: message and lists it under inputErrors in the other reports.");
        inputRule.putObject("defaultConfiguration").put("level", "error");

        ArrayNode results = run.putArray("results");
        for (ClusterResult c : report.clusters()) {
            for (Finding f : c.findings()) {
                ObjectNode res = result(results, f.getRuleId(), index.get(f.getRuleId()), level(f.getSeverity()),
                        "[" + c.cluster() + "/" + c.guest() + "] " + f.getMessage(), Locations.of(c, f));
                if (f.isWaived()) {
                    // SARIF's own way to say "accepted": GitHub shows the alert as dismissed.
                    res.putArray("suppressions").addObject().put("kind", "external").put("status", "accepted")
                            .put("justification", f.getWaiver().getReason() + " (waiver " + f.getWaiver().getLocation()
                                    + ", expires " + f.getWaiver().getExpires() + ")");
                }
                ObjectNode props = res.putObject("properties");
                props.put("cluster", c.cluster());
                props.put("guest", c.guest());
                props.put("status", c.status().name());
                if (f.getFeature() != null) {
                    props.put("feature", f.getFeature());
                }
                if (!f.getFeatures().isEmpty()) {
                    f.getFeatures().forEach(props.putArray("features")::add);
                }
            }
        }
        for (InputError e : report.inputErrors()) {
            result(results, INPUT_RULE, index.get(INPUT_RULE), "error", e.message(), new SourceRef(e.file(), e.line()));
        }
        ObjectNode props = run.putObject("properties");
        props.put("rulesSha256", report.rulesSha256());
        props.put("generatedAt", report.generatedAt().toString());
        MAPPER.writeValue(out, root);
        out.write('\n');
    }

    private static ObjectNode result(ArrayNode results, String ruleId, Integer ruleIndex, String level, String message,
                                     SourceRef where) {
        ObjectNode res = results.addObject();
        res.put("ruleId", ruleId);
        if (ruleIndex != null) {
            res.put("ruleIndex", ruleIndex);
        }
        res.put("level", level);
        res.putObject("message").put("text", message);
        ObjectNode physical = res.putArray("locations").addObject().putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", uri(where.file()));
        if (where.line() > 0) {
            physical.putObject("region").put("startLine", where.line());
        }
        return res;
    }

    /**
     * The artifact location of a file as the user named it. A relative path stays a relative URI
     * reference (GitHub resolves it against the checkout); an absolute one becomes a {@code file} URI
     * (RFC 8089): {@code /a/b} as {@code file:///a/b}, {@code C:/a} as {@code file:///C:/a}, a UNC
     * {@code //host/share/a} as {@code file://host/share/a}. A path that starts with a slash is no
     * relative reference that a consumer can combine with a base (the SARIF validator's SARIF1004).
     * Every byte outside the unreserved characters and {@code /} is percent-encoded as UTF-8, so a
     * colon in a relative path's first segment cannot pass for a scheme.
     */
    static String uri(String file) {
        String path = file.replace('\\', '/');
        if (path.startsWith("//")) {
            return "file:" + encode(path);
        }
        if (path.length() >= 3 && path.charAt(1) == ':' && path.charAt(2) == '/' && isAsciiLetter(path.charAt(0))) {
            return "file:///" + path.charAt(0) + ":" + encode(path.substring(2));
        }
        if (path.startsWith("/")) {
            return "file://" + encode(path);
        }
        return encode(path);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String encode(String path) {
        StringBuilder b = new StringBuilder();
        for (byte by : path.getBytes(StandardCharsets.UTF_8)) {
            int c = by & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    private static String level(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }
}
