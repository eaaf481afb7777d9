package io.cpuidmask.plan;

import io.cpuidmask.baseline.BaselineCalculator;
import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.PoolSplitter;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Suggestions;
import io.cpuidmask.profile.ProfileLoader;
import io.cpuidmask.run.UnknownGuestException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One plan: reads the estate and the hosts to add, applies the removals, and compares each changed
 * cluster before and after (baselines, and verdicts by the policy's rules); then splits each
 * cluster of the estate after the changes when asked. Nothing here prints or exits.
 */
public final class PlanRun {

    /** A host, cluster or guest named on the command line that the inputs do not have. */
    public static final class UsageProblem extends Exception {
        public UsageProblem(String message) {
            super(message);
        }
    }

    private final FeatureCatalog features;
    private final Clock clock;
    private final BaselineCalculator calculator = BaselineCalculator.shipped();

    public PlanRun(FeatureCatalog features, Clock clock) {
        this.features = features;
        this.clock = clock;
    }

    public Plan run(PlanRequest request) throws UsageProblem {
        ProfileLoader loader = new ProfileLoader();
        ProfileLoader.Loaded estate = loader.load(request.estate().inputs());
        List<InputError> errors = new ArrayList<>(estate.errors());
        List<InputError> warnings = new ArrayList<>(estate.warnings());
        Map<String, HostProfile> byName = new HashMap<>();
        estate.hosts().forEach(h -> byName.put(h.host(), h));
        Set<String> clusters = new TreeSet<>();
        estate.hosts().forEach(h -> clusters.add(h.cluster()));

        List<HostProfile> added = new ArrayList<>();
        if (!request.adds().isEmpty()) {
            ProfileLoader.Loaded candidates = loader.load(request.adds());
            errors.addAll(candidates.errors());
            warnings.addAll(candidates.warnings());
            for (HostProfile h : candidates.hosts()) {
                HostProfile joining = request.addCluster() == null ? h : new HostProfile(h.host(), request.addCluster(),
                        h.vendor(), h.description(), h.registers(), h.source(), h.lines());
                HostProfile clash = byName.get(h.host());
                if (clash != null) {
                    errors.add(InputError.at(h.source(), "duplicate host name '" + h.host() + "': already defined at "
                            + clash.source() + "; this one is not added"));
                } else if (!clusters.contains(joining.cluster())) {
                    throw new UsageProblem("--add " + h.source().file() + ": host '" + h.host() + "' would join cluster '"
                            + joining.cluster() + "', which the inputs do not have"
                            + Suggestions.didYouMean(joining.cluster(), clusters) + "; name one with --cluster ("
                            + String.join(", ", clusters) + ")");
                } else {
                    added.add(joining);
                }
            }
        }
        Set<String> removed = new LinkedHashSet<>();
        for (String r : request.removes()) {
            if (!byName.containsKey(r)) {
                throw new UsageProblem("--remove: no host '" + r + "' in the inputs" + Suggestions.didYouMean(r, new TreeSet<>(byName.keySet()))
                        + (estate.errors().isEmpty() ? "" : " (some inputs could not be read)"));
            }
            removed.add(r);
        }

        // the changed clusters, before and after
        Set<String> touched = new TreeSet<>();
        added.forEach(h -> touched.add(h.cluster()));
        removed.forEach(r -> touched.add(byName.get(r).cluster()));
        List<HostProfile> before = estate.hosts().stream().filter(h -> touched.contains(h.cluster())).toList();
        List<HostProfile> after = new ArrayList<>(before.stream().filter(h -> !removed.contains(h.host())).toList());
        after.addAll(added);

        List<Plan.ClusterPlan> plans = new ArrayList<>();
        List<io.cpuidmask.engine.PolicySources.Folder> policy = List.of();
        if (!touched.isEmpty()) {
            PlanVerdicts verdicts;
            try {
                verdicts = PlanVerdicts.load(request.estate(), features, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
            } catch (UnknownGuestException e) {
                throw new UsageProblem(e.getMessage());
            }
            Map<String, Map<String, Plan.Outcome>> was = verdicts.of(before);
            Map<String, Map<String, Plan.Outcome>> will = verdicts.of(after);
            errors.addAll(verdicts.errors());
            policy = request.estate().policy().folders();
            Map<String, List<HostProfile>> beforeBy = byCluster(before);
            Map<String, List<HostProfile>> afterBy = byCluster(after);
            for (String c : touched) {
                List<HostProfile> now = afterBy.getOrDefault(c, List.of());
                plans.add(new Plan.ClusterPlan(c,
                        added.stream().filter(h -> h.cluster().equals(c)).map(h -> new Plan.Added(h.host(), h.source().file())).toList(),
                        removed.stream().filter(r -> byName.get(r).cluster().equals(c)).toList(),
                        calculator.cluster(c, beforeBy.get(c)), now.isEmpty() ? null : calculator.cluster(c, now),
                        guests(verdicts.guests(), was.getOrDefault(c, Map.of()), will.get(c))));
            }
        }

        List<PoolSplitter.Split> splits = new ArrayList<>();
        if (request.split() != null) {
            List<HostProfile> estateAfter = new ArrayList<>(estate.hosts().stream().filter(h -> !removed.contains(h.host())).toList());
            estateAfter.addAll(added);
            PoolSplitter splitter = new PoolSplitter(calculator);
            byCluster(estateAfter).forEach((c, members) -> splits.add(splitter.split(c, members, request.split())));
        }
        return new Plan(plans, splits, errors, warnings, policy);
    }

    /** Per guest checked, its outcome before and after; a guest the rules gave no result for (a rule failed) is left out. */
    private static List<Plan.GuestPlan> guests(List<GuestCatalog> guests, Map<String, Plan.Outcome> before,
                                               Map<String, Plan.Outcome> after) {
        List<Plan.GuestPlan> out = new ArrayList<>();
        for (GuestCatalog g : guests) {
            Plan.Outcome was = before.get(g.guest());
            if (was != null) {
                out.add(new Plan.GuestPlan(g.guest(), was, after == null ? null : after.get(g.guest())));
            }
        }
        return out;
    }

    /** Clusters by name; hosts in input order. */
    private static Map<String, List<HostProfile>> byCluster(List<HostProfile> hosts) {
        Map<String, List<HostProfile>> out = new TreeMap<>();
        hosts.forEach(h -> out.computeIfAbsent(h.cluster(), c -> new ArrayList<>()).add(h));
        return out;
    }
}
