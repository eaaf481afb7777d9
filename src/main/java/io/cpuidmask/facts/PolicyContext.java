package io.cpuidmask.facts;

import io.cpuidmask.model.Severity;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The site policy in force while the engine fires rules: severity overrides from
 * {@code policy.yaml} and the active waivers; and the run's finding texts, so that equal messages
 * share one string. The engine binds it to the firing thread, so that {@link Findings} applies it
 * without DRL authors having to pass anything.
 */
public record PolicyContext(Map<String, Severity> severities, List<Waiver> waivers, FindingTexts texts) {

    private static final PolicyContext NONE = new PolicyContext(Map.of(), List.of(), FindingTexts.NONE);
    private static final ThreadLocal<PolicyContext> CURRENT = ThreadLocal.withInitial(() -> NONE);

    public PolicyContext {
        severities = Map.copyOf(severities);
        waivers = List.copyOf(waivers);
        Objects.requireNonNull(texts, "texts");
    }

    public static PolicyContext none() {
        return NONE;
    }

    public static PolicyContext current() {
        return CURRENT.get();
    }

    /** Runs {@code body} with this policy bound to the current thread. */
    public void bind(Runnable body) {
        PolicyContext previous = CURRENT.get();
        CURRENT.set(this);
        try {
            body.run();
        } finally {
            CURRENT.set(previous);
        }
    }

    Severity severityOf(String ruleId, Severity declared) {
        return severities.getOrDefault(ruleId, declared);
    }

    /** The first active (unexpired) waiver that covers a finding of this rule, cluster, host and feature. */
    Optional<Waiver> activeWaiverFor(String rule, String cluster, String host, String feature) {
        if (waivers.isEmpty()) {
            return Optional.empty();
        }
        return waivers.stream().filter(w -> !w.isExpired() && w.covers(rule, cluster, host, feature)).findFirst();
    }
}
