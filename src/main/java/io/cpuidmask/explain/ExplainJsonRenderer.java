package io.cpuidmask.explain;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cpuidmask.facts.Feature;
import io.cpuidmask.model.CpuSignature;
import java.io.IOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code explain --format json}: the shape issue 3 fixes, {@code {"hosts":[...],"differences":[...]}}.
 * Every field is always written; unknown values (vendor, signature) are {@code null}.
 */
public final class ExplainJsonRenderer {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    public void render(Explanation explanation, Writer out) throws IOException {
        MAPPER.writeValue(out, toJson(explanation));
        out.write('\n');
        out.flush();
    }

    static Json toJson(Explanation e) {
        return new Json(e.hosts().stream().map(ExplainJsonRenderer::host).toList(),
                e.differences().stream().map(ExplainJsonRenderer::difference).toList());
    }

    private static JsonHost host(HostExplanation h) {
        CpuSignature s = h.signature().orElse(null);
        return new JsonHost(h.name(), h.host().source().file(), h.host().vendor(),
                s == null ? null : s.family(), s == null ? null : s.model(), s == null ? null : s.stepping(),
                h.level().label(), h.features().present().stream().map(ExplainJsonRenderer::feature).toList());
    }

    private static JsonFeature feature(Feature f) {
        return new JsonFeature(f.getName(), aliases(f), f.getKey().leafHex(), f.getKey().subleaf(),
                f.getKey().register().id(), f.getBit(), f.isUserMode());
    }

    private static JsonDifference difference(FeatureDifference d) {
        Feature f = d.feature();
        return new JsonDifference(f.getName(), f.getKey().leafHex(), f.getKey().subleaf(), f.getKey().register().id(),
                f.getBit(), d.presentOn(), d.absentOn());
    }

    /**
     * The Linux name and the libvirt name as they are, then the catalogue's other aliases, leaving out
     * spellings that differ from a name already given only in case (the catalogue lists lower-case
     * forms for typing; lookups ignore case anyway).
     */
    static List<String> aliases(Feature f) {
        Set<String> out = new LinkedHashSet<>();
        if (f.getLinuxName() != null) {
            out.add(f.getLinuxName());
        }
        if (f.getLibvirtName() != null) {
            out.add(f.getLibvirtName());
        }
        Set<String> seen = new HashSet<>();
        seen.add(f.getName().toLowerCase(Locale.ROOT));
        out.forEach(a -> seen.add(a.toLowerCase(Locale.ROOT)));
        for (String a : f.getAliases()) {
            if (seen.add(a.toLowerCase(Locale.ROOT))) {
                out.add(a);
            }
        }
        out.remove(f.getName());
        return List.copyOf(out);
    }

    record Json(List<JsonHost> hosts, List<JsonDifference> differences) {
    }

    @JsonPropertyOrder({"host", "file", "vendor", "family", "model", "stepping", "level", "features"})
    record JsonHost(String host, String file, String vendor, Integer family, Integer model, Integer stepping,
                    String level, List<JsonFeature> features) {
    }

    @JsonPropertyOrder({"name", "aliases", "leaf", "subleaf", "register", "bit", "userMode"})
    record JsonFeature(String name, List<String> aliases, String leaf, int subleaf, String register, int bit,
                       boolean userMode) {
    }

    @JsonPropertyOrder({"feature", "leaf", "subleaf", "register", "bit", "presentOn", "absentOn"})
    record JsonDifference(String feature, String leaf, int subleaf, String register, int bit,
                          List<String> presentOn, List<String> absentOn) {
    }
}
