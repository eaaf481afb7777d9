package io.cpuidmask.facts;

import io.cpuidmask.model.Severity;
import java.util.Map;
import org.kie.api.runtime.rule.RuleContext;

/** Reads rule metadata values and the run's severity overrides. */
public final class RuleMeta {

    /** Name of the global that carries severity overrides ({@code Map<String, Severity>}), if any. */
    public static final String SEVERITY_OVERRIDES = "severityOverrides";

    private RuleMeta() {
    }

    /** A metadata value as text, without the quotes DRL may leave on it. */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString().trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return s.isEmpty() ? null : s;
    }

    @SuppressWarnings("unchecked")
    static Severity effectiveSeverity(RuleContext kcontext, String id, Severity declared) {
        Object g;
        try {
            g = kcontext.getKieRuntime().getGlobal(SEVERITY_OVERRIDES);
        } catch (RuntimeException e) {
            return declared;
        }
        if (g instanceof Map<?, ?> overrides) {
            Object s = ((Map<String, Severity>) overrides).get(id);
            if (s instanceof Severity sev) {
                return sev;
            }
        }
        return declared;
    }
}
