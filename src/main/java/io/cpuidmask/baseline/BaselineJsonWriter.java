package io.cpuidmask.baseline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cpuidmask.model.InputError;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code baseline --format json}: one object per cluster; {@code commonFeatures} entries carry
 * {@code name}, {@code leaf} (8 lower-case hex digits, as in report.json), {@code subleaf},
 * {@code register}, {@code bit} and {@code libvirt} (null where libvirt has no name);
 * {@code limitingHosts} entries {@code hosts}, {@code gains} (as {@code commonFeatures}),
 * {@code level}, {@code model} and {@code evc}, in the shapes of the cluster's own.
 */
public final class BaselineJsonWriter {

    /** The mapper every cpuidmask JSON on stdout is written with: indented, leaving the stream open. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    public void write(String toolVersion, List<ClusterBaseline> clusters, List<InputError> errors, Writer out)
            throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "cpuidmask");
        root.put("version", toolVersion);
        root.put("cpuModels", BaselineTextWriter.CPU_MAP_PROVENANCE);
        List<Object> list = new ArrayList<>();
        for (ClusterBaseline c : clusters) {
            list.add(cluster(c));
        }
        root.put("clusters", list);
        root.put("inputErrors", errors.stream().map(InputError::render).toList());
        MAPPER.writeValue(out, root);
        out.write(System.lineSeparator());
        out.flush();
    }

    /** One cluster as {@code baseline --format json} gives it. */
    public static Map<String, Object> cluster(ClusterBaseline c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", c.cluster());
        m.put("hosts", c.hosts());
        m.put("vendor", c.vendor());
        m.put("vendors", c.vendors());
        m.put("mixedVendors", c.mixedVendors());
        m.put("commonFeatures", c.commonFeatures().stream().map(BaselineJsonWriter::feature).toList());
        m.put("level", c.x86LevelLabel());
        m.put("model", model(c.model()));
        m.put("runnableModel", model(c.runnableModel()));
        m.put("hostFeaturesBeyondModel", c.beyondModel().stream().map(h -> {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("host", h.host());
            hm.put("features", h.features());
            return hm;
        }).toList());
        m.put("evc", evc(c.evcMode()));
        m.put("limitingHosts", c.limitingHosts().stream().map(BaselineJsonWriter::limiting).toList());
        m.put("notes", c.notes());
        return m;
    }

    private static Map<String, Object> limiting(LimitingHost l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hosts", l.hosts());
        m.put("gains", l.gains().stream().map(BaselineJsonWriter::feature).toList());
        m.put("level", l.x86LevelLabel());
        m.put("model", model(l.model()));
        m.put("evc", evc(l.evcMode()));
        return m;
    }

    private static Map<String, Object> evc(EvcMode mode) {
        if (mode == null) {
            return null;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("key", mode.key());
        e.put("name", mode.name());
        return e;
    }

    private static Map<String, Object> feature(FeatureBit f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("leaf", f.key().leafHex());
        m.put("subleaf", f.key().subleaf());
        m.put("register", f.key().register().id());
        m.put("bit", f.bit());
        m.put("libvirt", f.libvirtName());
        return m;
    }

    private static Map<String, Object> model(ModelMatch match) {
        if (match == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", match.name());
        m.put("disable", match.missing());
        m.put("extra", match.extra());
        return m;
    }
}
