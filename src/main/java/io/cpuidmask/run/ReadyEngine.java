package io.cpuidmask.run;

import io.cpuidmask.engine.PolicyEngine;
import io.cpuidmask.engine.PolicyLoader;
import io.cpuidmask.engine.PolicySources;
import io.cpuidmask.engine.RuleCompiler;
import io.cpuidmask.engine.RuleSet;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.InputError;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy ready to run, set up one way for check and plan alike: the rules compiled (or taken
 * from the cache), the policy and waivers read against them, and the engine over both. When the
 * rules do not compile there is no rule set and no engine, and {@code ruleErrors} say why.
 *
 * @param policyErrors problems with {@code policy.yaml} and {@code waivers.yaml} (none without an engine)
 * @param policyFiles  the policy and waiver files read
 */
public record ReadyEngine(RuleSet ruleSet, PolicyEngine engine, List<InputError> ruleErrors,
                          List<InputError> policyErrors, List<String> policyFiles) {

    public ReadyEngine {
        ruleErrors = List.copyOf(ruleErrors);
        policyErrors = List.copyOf(policyErrors);
        policyFiles = List.copyOf(policyFiles);
        if ((engine == null) != (ruleSet == null)) {
            throw new IllegalArgumentException("an engine needs its rule set, and a rule set its engine");
        }
    }

    /** The policy of {@code sources} as it stands on {@code today} (waivers expire). */
    public static ReadyEngine load(PolicySources sources, FeatureCatalog features, LocalDate today) {
        RuleCompiler.Result compiled = new RuleCompiler().compile(sources);
        if (!compiled.ok()) {
            return new ReadyEngine(null, null, compiled.errors(), List.of(), List.of());
        }
        PolicyLoader.Loaded policy = new PolicyLoader().load(sources.policyFolders(), compiled.ruleSet(), today);
        return new ReadyEngine(compiled.ruleSet(), new PolicyEngine(compiled.ruleSet(), features, policy.policy()),
                compiled.errors(), policy.errors(), policy.files());
    }

    /** The rules compiled: there is an engine to run. */
    public boolean ok() {
        return engine != null;
    }

    /** Every problem: the rules', then the policy's. */
    public List<InputError> errors() {
        List<InputError> all = new ArrayList<>(ruleErrors);
        all.addAll(policyErrors);
        return all;
    }
}
