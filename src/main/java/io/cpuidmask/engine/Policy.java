package io.cpuidmask.engine;

import io.cpuidmask.facts.FindingTexts;
import io.cpuidmask.facts.PolicyContext;
import io.cpuidmask.facts.Waiver;
import io.cpuidmask.model.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A site's adjustments to the shipped rules: rules switched off, severities changed
 * ({@code policy.yaml}) and accepted risks ({@code waivers.yaml}).
 */
public record Policy(Set<String> disabled, Map<String, Severity> severities, List<Waiver> waivers) {

    public static final Policy NONE = new Policy(Set.of(), Map.of(), List.of());

    public Policy {
        disabled = Set.copyOf(disabled);
        severities = Map.copyOf(severities);
        waivers = List.copyOf(waivers);
    }

    /** The context of one run: its findings' texts are shared across all its sessions. */
    PolicyContext context() {
        return new PolicyContext(severities, waivers, FindingTexts.forRun());
    }
}
