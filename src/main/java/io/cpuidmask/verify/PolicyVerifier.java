package io.cpuidmask.verify;

import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.engine.PolicyLoader;
import io.cpuidmask.engine.PolicySources;
import io.cpuidmask.engine.RuleSet;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.InputError;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Runs the policy tests of every folder of a compiled policy, against the whole policy. */
public final class PolicyVerifier {

    private final FeatureCatalog features;

    public PolicyVerifier(FeatureCatalog features) {
        this.features = features;
    }

    public PolicyVerification verify(PolicySources sources, RuleSet rules, LocalDate today) {
        List<InputError> problems = new ArrayList<>(sources.errors());
        CatalogLoader.Loaded catalogs = new CatalogLoader().load(sources.catalogFolders());
        problems.addAll(catalogs.errors());
        PolicyLoader.Loaded policy = new PolicyLoader().load(sources.policyFolders(), rules, today);
        problems.addAll(policy.errors());
        List<PolicyTestCase> cases = new ArrayList<>();
        for (Path folder : sources.policyFolders()) {
            PolicyTestLoader.Loaded loaded = new PolicyTestLoader().load(folder);
            cases.addAll(loaded.cases());
            problems.addAll(loaded.errors());
        }
        PolicyTestRunner runner = new PolicyTestRunner(rules, features, policy.policy(), catalogs.guests());
        List<PolicyTestRunner.Outcome> outcomes = new ArrayList<>();
        for (PolicyTestCase c : cases) {
            PolicyTestRunner.Outcome o = runner.run(c);
            outcomes.add(o);
            // A test that names what does not exist is unusable (exit 3), not a policy failure (exit 1).
            o.unusable().forEach(u -> problems.add(new InputError(c.file(), c.line(), "case '" + c.name() + "': " + u)));
        }
        return new PolicyVerification(outcomes, problems);
    }
}
