package io.cpuidmask.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.FindingItem;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.InputError;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.List;

/** The machine-readable report, exactly as {@code report.schema.json} describes it. */
public final class JsonReportRenderer implements ReportRenderer {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    @Override
    public String format() {
        return "json";
    }

    @Override
    public String fileName() {
        return "report.json";
    }

    @Override
    public void render(Report report, Writer out) throws IOException {
        MAPPER.writeValue(out, toJson(report));
        out.write('\n');
    }

    static JsonReport toJson(Report r) {
        return new JsonReport(new Tool("cpuidmask", r.toolVersion()), r.generatedAt().toString(),
                new Rules(r.rulesSha256(), r.ruleFiles(), r.ruleFolders().isEmpty() ? null
                        : r.ruleFolders().stream().map(f -> new Folder(f.folder(), f.kind(), f.sha256())).toList()),
                r.inputs().stream().map(i -> new Input(i.file(), i.sha256(), i.host())).toList(),
                r.clusters().stream().map(JsonReportRenderer::cluster).toList(),
                r.inputErrors().stream().map(JsonReportRenderer::error).toList(),
                r.inputWarnings().isEmpty() ? null : r.inputWarnings().stream().map(JsonReportRenderer::error).toList());
    }

    private static Cluster cluster(ClusterResult c) {
        return new Cluster(c.cluster(), c.guest(), c.clusterGuest().getVendor(),
                c.hosts().stream().map(h -> h.host()).toList(), c.status().name(),
                c.masks().stream().map(JsonReportRenderer::mask).toList(),
                c.findings().stream().map(JsonReportRenderer::finding).toList());
    }

    private static Mask mask(MaskResult m) {
        return new Mask(m.key().leafHex(), m.key().subleaf(), m.key().register().id(), m.defaultMask().format(),
                m.custom().format(), m.effective().format(), m.hiddenBits(), m.hiddenFeatures());
    }

    private static JsonFinding finding(Finding f) {
        RegisterKey k = f.getKey();
        return new JsonFinding(f.getSeverity().name(), f.getRuleId(), f.getMessage(), f.getHost(),
                k == null ? null : k.leafHex(), k == null ? null : k.subleaf(), k == null ? null : k.register().id(),
                f.getBit(), f.getFeature(), f.getFeatures().isEmpty() ? null : f.getFeatures(),
                f.getItems().isEmpty() ? null : items(f),
                f.isWaived() ? Boolean.TRUE : null, f.isWaived() ? f.getWaiver().getReason() : null,
                f.isWaived() ? f.getWaiver().getExpires().toString() : null);
    }

    /** One per distinct register, bit and feature: a rule may list a bit twice with different notes. */
    private static List<Item> items(Finding f) {
        LinkedHashSet<Item> items = new LinkedHashSet<>();
        for (FindingItem i : f.getItems()) {
            RegisterKey k = i.getKey();
            items.add(new Item(k == null ? null : k.leafHex(), k == null ? null : k.subleaf(),
                    k == null ? null : k.register().id(), i.getBit(), i.getFeature()));
        }
        return List.copyOf(items);
    }

    private static JsonError error(InputError e) {
        return new JsonError(e.file(), e.line() > 0 ? e.line() : null, e.message());
    }

    /** inputWarnings (same shape as inputErrors) appears only when an imported dump gave warnings. */
    record JsonReport(Tool tool, String generatedAt, Rules rules, List<Input> inputs, List<Cluster> clusters,
                      List<JsonError> inputErrors, List<JsonError> inputWarnings) {
    }

    record Tool(String name, String version) {
    }

    /** folders: which folders decided (shipped:cpuidmask-VERSION, --rules, --site, --catalog), each with its SHA-256. */
    record Rules(String sha256, List<String> files, List<Folder> folders) {
    }

    record Folder(String folder, String kind, String sha256) {
    }

    record Input(String file, String sha256, String host) {
    }

    record Cluster(String cluster, String guest, String vendor, List<String> hosts, String status, List<Mask> masks,
                   List<JsonFinding> findings) {
    }

    record Mask(String leaf, int subleaf, String register, @JsonProperty("default") String defaultMask,
                String custom, String effective, List<Integer> hiddenBits, List<String> hiddenFeatures) {
    }

    /**
     * leaf, subleaf, register, bit and feature are those of the first of {@code items}, all that it
     * lists; features: the distinct features among them. waived, waiverReason and waiverExpires appear
     * only on findings an active waiver covers.
     */
    record JsonFinding(String severity, String rule, String message, String host, String leaf, Integer subleaf,
                       String register, Integer bit, String feature, List<String> features, List<Item> items,
                       Boolean waived, String waiverReason, String waiverExpires) {
    }

    /** A register bit, a whole register (no bit) or a feature alone that a finding lists. */
    record Item(String leaf, Integer subleaf, String register, Integer bit, String feature) {
    }

    record JsonError(String file, Integer line, String message) {
    }
}
