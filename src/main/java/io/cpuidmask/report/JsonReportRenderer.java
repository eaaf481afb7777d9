package io.cpuidmask.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.FindingItem;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.io.Writer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable report, exactly as {@code report.schema.json} describes it. Written straight
 * from the results by a streaming generator, cluster by cluster ({@link Stream}): a report of
 * 100,000 hosts runs to hundreds of megabytes, which no tree of it should have to hold.
 */
public final class JsonReportRenderer implements ReportStream.Renderer {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();
    private static final SafeJsonEscapes ESCAPES = new SafeJsonEscapes();

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
        new Stream(FACTORY.createGenerator(out)).write(report);
    }

    /**
     * UTF-8 without {@link SafeText}'s filter: the generator escapes what the filter would. (Through
     * a Writer: Jackson's byte generator would escape characters beyond the BMP, where the report
     * has them as they are.)
     */
    @Override
    public void render(Report report, OutputStream out) throws IOException {
        open(out, null).write(report);
    }

    /** A report written as its parts come: the header, then each cluster's results, then the input problems. */
    @Override
    public Stream open(OutputStream out, Path scratch) throws IOException {
        return new Stream(FACTORY.createGenerator(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    /** One report.json in the making. */
    private static final class Stream implements ReportStream {

        // The fields and values every mask repeats, quoted once: a report writes millions of them.
        private static final SerializableString LEAF = new SerializedString("leaf");
        private static final SerializableString SUBLEAF = new SerializedString("subleaf");
        private static final SerializableString REGISTER = new SerializedString("register");
        private static final SerializableString DEFAULT = new SerializedString("default");
        private static final SerializableString CUSTOM = new SerializedString("custom");
        private static final SerializableString EFFECTIVE = new SerializedString("effective");
        private static final SerializableString HIDDEN_BITS = new SerializedString("hiddenBits");
        private static final SerializableString HIDDEN_FEATURES = new SerializedString("hiddenFeatures");
        /** Bounds the quoted values kept: masks, leaves and registers are few, but need not be. */
        private static final int MAX_QUOTED = 8192;

        private final JsonGenerator g;
        private final Map<String, SerializableString> quoted = new HashMap<>();

        private Stream(JsonGenerator g) {
            // as ObjectMapper's INDENT_OUTPUT writes it: objects a field a line, arrays on the line
            this.g = g.setPrettyPrinter(new DefaultPrettyPrinter()).setCharacterEscapes(ESCAPES);
        }

        void write(Report r) throws IOException {
            begin(r);
            results(r.clusters());
            end(r);
        }

        /** tool, generatedAt, rules and inputs, and opens the clusters. */
        @Override
        public void begin(Report r) throws IOException {
            g.writeStartObject();
            g.writeObjectFieldStart("tool");
            g.writeStringField("name", "cpuidmask");
            string("version", r.toolVersion());
            g.writeEndObject();
            string("generatedAt", r.generatedAt().toString());
            g.writeObjectFieldStart("rules");
            string("sha256", r.rulesSha256());
            strings("files", r.ruleFiles());
            // folders: which folders decided (shipped:cpuidmask-VERSION, --rules, --site, --catalog), each with its SHA-256
            if (!r.ruleFolders().isEmpty()) {
                g.writeArrayFieldStart("folders");
                for (Report.RuleFolder f : r.ruleFolders()) {
                    g.writeStartObject();
                    string("folder", f.folder());
                    string("kind", f.kind());
                    string("sha256", f.sha256());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("inputs");
            for (Report.Input i : r.inputs()) {
                g.writeStartObject();
                string("file", i.file());
                string("sha256", i.sha256());
                string("host", i.host());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("clusters");
        }

        @Override
        public void results(List<ClusterResult> batch) throws IOException {
            for (ClusterResult c : batch) {
                cluster(c);
            }
        }

        private void cluster(ClusterResult c) throws IOException {
            g.writeStartObject();
            string("cluster", c.cluster());
            string("guest", c.guest());
            string("vendor", c.clusterGuest().getVendor());
            g.writeArrayFieldStart("hosts");
            for (HostProfile h : c.hosts()) {
                g.writeString(h.host());
            }
            g.writeEndArray();
            string("status", c.status().name());
            g.writeArrayFieldStart("masks");
            for (MaskResult m : c.masks()) {
                mask(m);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("findings");
            for (Finding f : c.findings()) {
                finding(f);
            }
            g.writeEndArray();
            g.writeEndObject();
        }

        /**
         * Closes the clusters; inputWarnings (same shape as inputErrors) appears only when there
         * are some. Ends the document with a line feed and flushes it (the target stays open).
         */
        @Override
        public void end(Report r) throws IOException {
            g.writeEndArray();
            errors("inputErrors", r.inputErrors());
            if (!r.inputWarnings().isEmpty()) {
                errors("inputWarnings", r.inputWarnings());
            }
            g.writeEndObject();
            g.writeRaw('\n');
            g.close();
        }

        private void mask(MaskResult m) throws IOException {
            g.writeStartObject();
            key(m.key());
            plain(DEFAULT, m.defaultMask().format());
            plain(CUSTOM, m.custom().format());
            plain(EFFECTIVE, m.effective().format());
            g.writeFieldName(HIDDEN_BITS);
            g.writeStartArray();
            for (int b : m.hiddenBits()) {
                g.writeNumber(b);
            }
            g.writeEndArray();
            g.writeFieldName(HIDDEN_FEATURES);
            g.writeStartArray();
            for (String v : m.hiddenFeatures()) {
                g.writeString(v);
            }
            g.writeEndArray();
            g.writeEndObject();
        }

        /**
         * leaf, subleaf, register, bit and feature are those of the first of its items, all that it
         * lists; features: the distinct features among them. waived, waiverReason and waiverExpires
         * appear only on findings an active waiver covers.
         */
        private void finding(Finding f) throws IOException {
            g.writeStartObject();
            string("severity", f.getSeverity().name());
            string("rule", f.getRuleId());
            string("message", f.getMessage());
            string("host", f.getHost());
            key(f.getKey());
            number("bit", f.getBit());
            string("feature", f.getFeature());
            if (!f.getItems().isEmpty()) {
                List<String> features = f.getFeatures();
                if (!features.isEmpty()) {
                    strings("features", features);
                }
                items(f.getItems());
            }
            if (f.isWaived()) {
                g.writeBooleanField("waived", true);
                string("waiverReason", f.getWaiver().getReason());
                string("waiverExpires", f.getWaiver().getExpires().toString());
            }
            g.writeEndObject();
        }

        /** One per distinct register, bit and feature: a rule may list a bit twice with different notes. */
        private void items(List<FindingItem> items) throws IOException {
            g.writeArrayFieldStart("items");
            LinkedHashSet<Item> seen = new LinkedHashSet<>();
            for (FindingItem i : items) {
                if (seen.add(new Item(i.getKey(), i.getBit(), i.getFeature()))) {
                    g.writeStartObject();
                    key(i.getKey());
                    number("bit", i.getBit());
                    string("feature", i.getFeature());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
        }

        private void key(RegisterKey k) throws IOException {
            if (k != null) {
                plain(LEAF, k.leafHex());
                g.writeFieldName(SUBLEAF);
                g.writeNumber(k.subleaf());
                plain(REGISTER, k.register().id());
            }
        }

        /**
         * A value of the tool's own making (a mask, a leaf, a register), written from its quoted form
         * when it needs no escape at all, so the bytes are those writeStringField writes.
         */
        private void plain(SerializableString field, String value) throws IOException {
            g.writeFieldName(field);
            SerializableString q = quoted.get(value);
            if (q == null && isPlain(value) && quoted.size() < MAX_QUOTED) {
                q = new SerializedString(value);
                quoted.put(value, q);
            }
            if (q != null) {
                g.writeString(q);
            } else {
                g.writeString(value);
            }
        }

        /** Printable ASCII without a quote or a backslash: nothing JSON or SafeText would escape. */
        private static boolean isPlain(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    return false;
                }
            }
            return true;
        }

        private void errors(String field, List<InputError> errors) throws IOException {
            g.writeArrayFieldStart(field);
            for (InputError e : errors) {
                g.writeStartObject();
                string("file", e.file());
                if (e.line() > 0) {
                    g.writeNumberField("line", e.line());
                }
                string("message", e.message());
                g.writeEndObject();
            }
            g.writeEndArray();
        }

        /** Absent when null, as the report has always left out what it does not know. */
        private void string(String field, String value) throws IOException {
            if (value != null) {
                g.writeStringField(field, value);
            }
        }

        private void number(String field, Integer value) throws IOException {
            if (value != null) {
                g.writeNumberField(field, value);
            }
        }

        private void strings(String field, List<String> values) throws IOException {
            g.writeArrayFieldStart(field);
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        }
    }

    /** What makes two items of a finding the same one. */
    private record Item(RegisterKey key, Integer bit, String feature) {
    }
}
