package io.cpuidmask.plan;

import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.engine.PolicyEngine;
import io.cpuidmask.engine.PolicySources;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import io.cpuidmask.result.ResultAssembler;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import io.cpuidmask.run.ReadyEngine;
import io.cpuidmask.run.UnknownGuestException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The verdicts of a set of hosts by the same policy and rules as {@code check}: the one place the
 * plan runs the engine. Nothing is decided here; the DRL rules give every status and mask.
 */
final class PlanVerdicts {

    private final PolicyEngine engine;
    private final ResultAssembler results;
    private final List<GuestCatalog> guests;
    private final List<InputError> errors = new ArrayList<>();

    private PlanVerdicts(PolicyEngine engine, List<GuestCatalog> guests, List<InputError> problems) {
        this.engine = engine;
        this.results = engine == null ? null : new ResultAssembler(engine.features());
        this.guests = guests;
        errors.addAll(problems);
    }

    /** Loads the catalogues and the policy (rules from the cache, or compiled) as check does. */
    static PlanVerdicts load(CheckRequest estate, FeatureCatalog features, LocalDate today) throws UnknownGuestException {
        PolicySources sources = estate.policy();
        List<InputError> problems = new ArrayList<>(sources.errors());
        CatalogLoader.Loaded catalogs = new CatalogLoader().load(sources.catalogFolders());
        problems.addAll(catalogs.errors());
        List<GuestCatalog> guests = CheckRun.selectGuests(estate.guests(), catalogs,
                problems.isEmpty() && !sources.catalogFolders().isEmpty());
        ReadyEngine ready = ReadyEngine.load(sources, features, today);
        problems.addAll(ready.errors());
        return new PlanVerdicts(ready.engine(), guests, problems);
    }

    List<GuestCatalog> guests() {
        return guests;
    }

    /** Problems with the policy, and rules that failed at run time. */
    List<InputError> errors() {
        return errors;
    }

    /** Per cluster, per guest id, its outcome; empty when the rules could not be compiled. */
    Map<String, Map<String, Plan.Outcome>> of(List<HostProfile> hosts) {
        Map<String, Map<String, Plan.Outcome>> out = new HashMap<>();
        if (engine == null || hosts.isEmpty()) {
            return out;
        }
        PolicyEngine.Evaluation evaluation = engine.evaluate(hosts, guests);
        errors.addAll(evaluation.errors());
        for (ClusterResult r : results.results(evaluation)) {
            out.computeIfAbsent(r.cluster(), c -> new HashMap<>()).put(r.guest(), outcome(r));
        }
        return out;
    }

    private static Plan.Outcome outcome(ClusterResult r) {
        Set<String> hidden = new LinkedHashSet<>();
        for (MaskResult m : r.masks()) {
            hidden.addAll(m.hiddenFeatures());
        }
        return new Plan.Outcome(r.status(), List.copyOf(hidden));
    }
}
