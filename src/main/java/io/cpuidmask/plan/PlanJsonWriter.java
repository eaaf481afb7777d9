package io.cpuidmask.plan;

import io.cpuidmask.baseline.BaselineJsonWriter;
import io.cpuidmask.baseline.BaselineTextWriter;
import io.cpuidmask.baseline.PoolSplitter;
import io.cpuidmask.engine.PolicySources;
import io.cpuidmask.model.InputError;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code plan --format json}: per changed cluster {@code {"cluster", "added", "removed", "before",
 * "after", "guests"}}, where {@code before} and {@code after} are clusters as {@code baseline
 * --format json} gives them; per cluster split {@code {"cluster", "maxPools", "method",
 * "optimal", "score", "unsplitScore", "aloneScore", "pools", "note"}}.
 */
public final class PlanJsonWriter {

    public void write(String toolVersion, Plan plan, Writer out) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "cpuidmask");
        root.put("version", toolVersion);
        root.put("cpuModels", BaselineTextWriter.CPU_MAP_PROVENANCE);
        root.put("rules", plan.policy().stream().map(PlanJsonWriter::folder).toList());
        root.put("clusters", plan.clusters().stream().map(PlanJsonWriter::cluster).toList());
        root.put("splits", plan.splits().stream().map(PlanJsonWriter::split).toList());
        root.put("inputErrors", plan.errors().stream().map(InputError::render).toList());
        root.put("inputWarnings", plan.warnings().stream().map(InputError::render).toList());
        BaselineJsonWriter.MAPPER.writeValue(out, root);
        out.write(System.lineSeparator());
        out.flush();
    }

    private static Map<String, Object> folder(PolicySources.Folder f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("folder", f.label());
        m.put("kind", f.kindName());
        m.put("sha256", f.sha256());
        return m;
    }

    private static Map<String, Object> cluster(Plan.ClusterPlan c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", c.cluster());
        m.put("added", c.added().stream().map(a -> {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("host", a.host());
            am.put("file", a.file());
            return am;
        }).toList());
        m.put("removed", c.removed());
        m.put("before", BaselineJsonWriter.cluster(c.before()));
        m.put("after", c.after() == null ? null : BaselineJsonWriter.cluster(c.after()));
        List<Object> guests = new ArrayList<>();
        for (Plan.GuestPlan g : c.guests()) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("guest", g.guest());
            gm.put("before", outcome(g.before()));
            gm.put("after", outcome(g.after()));
            guests.add(gm);
        }
        m.put("guests", guests);
        return m;
    }

    private static Map<String, Object> outcome(Plan.Outcome o) {
        if (o == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", o.status().name());
        m.put("hidden", o.hidden());
        return m;
    }

    private static Map<String, Object> split(PoolSplitter.Split s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", s.cluster());
        m.put("maxPools", s.maxPools());
        m.put("method", s.method().name().toLowerCase(Locale.ROOT));
        m.put("optimal", s.method() == PoolSplitter.Method.EXACT);
        m.put("score", s.score());
        m.put("unsplitScore", s.unsplit());
        m.put("aloneScore", s.alone());
        m.put("pools", s.pools().stream().map(BaselineJsonWriter::cluster).toList());
        m.put("note", s.note());
        return m;
    }
}
