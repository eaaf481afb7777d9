package io.cpuidmask.facts;

import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.Severity;
import java.util.Map;
import org.kie.api.runtime.rule.RuleContext;

/**
 * Builds a {@link Finding} inside a rule consequence, taking the rule id and severity from the
 * rule's {@code @id} and {@code @severity} metadata so that DRL never repeats them, and applying
 * the site policy (severity overrides, waivers) in force:
 * <pre>
 * insertLogical(Findings.of(kcontext, $cg).at($r.getKey(), $b).feature("SSE3").message("...").build());
 * </pre>
 */
public final class Findings {

    private final String ruleId;
    private final Severity severity;
    private final ClusterGuest clusterGuest;
    private String host;
    private RegisterKey key;
    private Integer bit;
    private String feature;
    private String message;

    private Findings(String ruleId, Severity severity, ClusterGuest clusterGuest) {
        this.ruleId = ruleId;
        this.severity = severity;
        this.clusterGuest = clusterGuest;
    }

    public static Findings of(RuleContext kcontext, ClusterGuest clusterGuest) {
        Map<String, Object> meta = kcontext.getRule().getMetaData();
        String id = RuleMeta.text(meta.get("id"));
        String severity = RuleMeta.text(meta.get("severity"));
        if (id == null || severity == null) {
            throw new IllegalStateException("rule '" + kcontext.getRule().getName()
                    + "' emits a finding but lacks @id or @severity metadata");
        }
        Severity effective = PolicyContext.current().severityOf(id, Severity.parse(severity));
        return new Findings(id, effective, clusterGuest);
    }

    public Findings host(String host) {
        this.host = host;
        return this;
    }

    public Findings at(RegisterKey key, int bit) {
        this.key = key;
        this.bit = bit;
        return this;
    }

    public Findings register(RegisterKey key) {
        this.key = key;
        return this;
    }

    public Findings feature(String feature) {
        this.feature = feature;
        return this;
    }

    public Findings message(String message) {
        this.message = message;
        return this;
    }

    public Finding build() {
        if (message == null || message.isBlank()) {
            throw new IllegalStateException("rule '" + ruleId + "' built a finding without a message");
        }
        PolicyContext policy = PolicyContext.current();
        Finding f = new Finding(ruleId, severity, policy.texts().canonical(message), clusterGuest, host, key, bit, feature);
        return policy.activeWaiverFor(f).map(f::waivedBy).orElse(f);
    }
}
