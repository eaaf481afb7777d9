package io.cpuidmask.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.cpuidmask.baseline.BaselineCalculator;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Severity;
import io.cpuidmask.model.Status;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A self-contained HTML page (no external assets) rendered with Mustache, which escapes every
 * value taken from input. Besides the verdicts, masks and findings it draws the bits that differ:
 * hosts as rows, differing bits as columns, coloured by what the mask does with them; and per
 * cluster, as bars, what each CPU kind holds back ({@link LimitsPicture}).
 */
public final class HtmlReportRenderer extends TwoListReport {

    /**
     * The page's template in its five parts (see {@link TwoListReport}): cut at the lines that open
     * and close the summary rows and the cluster sections, which Mustache drops as standalone tags,
     * so that the parts in order write what the whole template would.
     */
    private static final Mustache[] PARTS = parts("report.html.mustache", "summary", "clusters");
    private static final int HEAD = 0;
    private static final int ROW = 1;
    private static final int MIDDLE = 2;
    private static final int SECTION = 3;
    private static final int TAIL = 4;

    private final FeatureCatalog features;
    private final BaselineCalculator baselines = BaselineCalculator.shipped();

    public HtmlReportRenderer(FeatureCatalog features) {
        this.features = features;
    }

    @Override
    public String format() {
        return "html";
    }

    @Override
    public String fileName() {
        return "report.html";
    }

    private static Mustache[] parts(String name, String rows, String sections) {
        String text;
        try (InputStream in = HtmlReportRenderer.class.getResourceAsStream(name)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] cuts = {"{{#" + rows + "}}\n", "{{/" + rows + "}}\n", "{{#" + sections + "}}\n", "{{/" + sections + "}}\n"};
        Mustache[] parts = new Mustache[cuts.length + 1];
        DefaultMustacheFactory factory = new DefaultMustacheFactory("io/cpuidmask/report");
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? text.indexOf("\n" + cuts[i], from) + 1 : text.length();
            if (to <= 0) {
                throw new IllegalStateException(name + " has no line " + cuts[i].strip());
            }
            parts[i] = factory.compile(new StringReader(text.substring(from, to)), name + "#" + i);
            from = i < cuts.length ? to + cuts[i].length() : to;
        }
        return parts;
    }

    @Override
    void head(Report r, Writer out) {
        PARTS[HEAD].execute(out, top(r));
    }

    @Override
    void row(ClusterResult c, int n, Writer out) {
        PARTS[ROW].execute(out, summary(c, n));
    }

    @Override
    void middle(Report r, Writer out) {
        PARTS[MIDDLE].execute(out, top(r));
    }

    /** The first section of each cluster also draws what holds the cluster back. */
    @Override
    void section(ClusterResult c, int n, boolean first, Writer out) {
        Map<String, Object> view = cluster(c, n);
        if (first) {
            view.putAll(LimitsPicture.view(baselines.cluster(c.cluster(), c.hosts())));
        }
        PARTS[SECTION].execute(out, view);
    }

    @Override
    void tail(Report r, Writer out) {
        PARTS[TAIL].execute(out, top(r));
    }

    /** What the page says outside the rows and sections. */
    private Map<String, Object> top(Report r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("version", r.toolVersion());
        v.put("generatedAt", r.generatedAt().toString());
        v.put("rulesSha256", r.rulesSha256());
        v.put("ruleFiles", r.ruleFiles());
        v.put("inputs", r.inputs());
        v.put("hostCount", r.hostCount());
        v.put("pass", r.count(Status.PASS));
        v.put("masked", r.count(Status.MASKED));
        v.put("risky", r.count(Status.RISKY));
        v.put("fail", r.count(Status.FAIL));
        v.put("errors", r.count(Severity.ERROR));
        v.put("warnings", r.count(Severity.WARNING));
        v.put("infos", r.count(Severity.INFO));
        v.put("waived", r.countWaived());
        v.put("inputErrors", r.inputErrors().stream().map(e -> Map.of("text", e.render())).toList());
        v.put("hasInputErrors", !r.inputErrors().isEmpty());
        v.put("inputWarnings", r.inputWarnings().stream().map(e -> Map.of("text", e.render())).toList());
        v.put("hasInputWarnings", !r.inputWarnings().isEmpty());
        return v;
    }

    /** The host, or how many hosts share the row and the first of them. */
    private static String rowLabel(List<HostProfile> hosts) {
        if (hosts.size() == 1) {
            return hosts.get(0).host();
        }
        List<String> names = hosts.stream().limit(3).map(HostProfile::host).toList();
        return hosts.size() + " hosts: " + String.join(", ", names) + (hosts.size() > 3 ? ", ..." : "");
    }

    private static String rowFiles(List<HostProfile> hosts) {
        return hosts.size() == 1 ? hosts.get(0).source().toString()
                : hosts.stream().map(h -> h.source().file()).distinct().limit(3)
                        .collect(Collectors.joining(", ")) + (hosts.size() > 3 ? ", ..." : "");
    }

    private Map<String, Object> summary(ClusterResult c, int n) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("anchor", "c" + n);
        v.put("cluster", c.cluster());
        v.put("guest", c.guest());
        v.put("status", c.status().name());
        v.put("statusClass", c.status().name().toLowerCase(Locale.ROOT));
        v.put("vendor", c.clusterGuest().getVendor() == null ? "mixed or unknown" : c.clusterGuest().getVendor());
        v.put("hosts", String.join(", ", c.clusterGuest().getHosts()));
        return v;
    }

    private Map<String, Object> cluster(ClusterResult c, int n) {
        Map<String, Object> v = summary(c, n);
        List<Map<String, Object>> masks = new ArrayList<>();
        for (MaskResult m : c.masks()) {
            Map<String, Object> mv = new LinkedHashMap<>();
            mv.put("register", m.key().vmxName());
            mv.put("default", m.defaultMask().format());
            mv.put("custom", m.custom().format());
            mv.put("effective", m.effective().format());
            mv.put("hidden", String.join(", ", m.hiddenFeatures()));
            mv.put("changed", m.hidesAnything());
            mv.put("missing", String.join(", ", m.missingOn()));
            masks.add(mv);
        }
        v.put("masks", masks);
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : c.findings()) {
            Map<String, Object> fv = new LinkedHashMap<>();
            fv.put("severity", f.getSeverity().name());
            fv.put("sevClass", f.isWaived() ? "waived" : f.getSeverity().name().toLowerCase(Locale.ROOT));
            fv.put("rule", f.getRuleId());
            String brief = FindingText.brief(f, FindingText.SHOWN);
            fv.put("message", brief);
            // the whole list, where the cell shows the first names
            fv.put("full", brief.equals(f.getMessage()) ? null : f.getMessage());
            fv.put("waived", f.isWaived());
            if (f.isWaived()) {
                fv.put("waiverReason", f.getWaiver().getReason());
                fv.put("waiverExpires", f.getWaiver().getExpires().toString());
                fv.put("waiverWhere", f.getWaiver().getLocation());
            }
            findings.add(fv);
        }
        v.put("findings", findings);
        v.put("hasFindings", !findings.isEmpty());
        List<BitDifference> diffs = BitDifference.of(c, (k, b) -> features.nameOf(k, b, c.clusterGuest().getVendor()));
        List<Map<String, Object>> columns = new ArrayList<>();
        for (BitDifference d : diffs) {
            columns.add(Map.of("feature", d.feature(), "where", d.key().label() + " bit " + d.bit(),
                    "defaultChar", d.defaultChar().toString(), "treatment", d.treatment()));
        }
        // Hosts with the same bits share a row: a cluster of a hundred hosts of three CPUs draws three rows.
        Map<List<Boolean>, List<HostProfile>> byBits = new LinkedHashMap<>();
        for (int h = 0; h < c.hosts().size(); h++) {
            List<Boolean> bits = new ArrayList<>(diffs.size());
            for (BitDifference d : diffs) {
                bits.add(d.values().get(h));
            }
            byBits.computeIfAbsent(bits, k -> new ArrayList<>()).add(c.hosts().get(h));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        byBits.forEach((bits, hosts) -> {
            List<Map<String, Object>> cells = new ArrayList<>();
            for (int i = 0; i < diffs.size(); i++) {
                cells.add(Map.of("value", bits.get(i) ? "1" : "0", "treatment", diffs.get(i).treatment()));
            }
            rows.add(Map.of("host", rowLabel(hosts), "file", rowFiles(hosts), "cells", cells));
        });
        v.put("columns", columns);
        v.put("rows", rows);
        v.put("hasDiffs", !diffs.isEmpty());
        return v;
    }
}
