package io.cpuidmask.verify;

import io.cpuidmask.catalog.FeatureCatalog;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.engine.ClusterResult;
import io.cpuidmask.engine.MaskResult;
import io.cpuidmask.engine.Policy;
import io.cpuidmask.engine.PolicyEngine;
import io.cpuidmask.engine.RuleRuntimeException;
import io.cpuidmask.engine.RuleSet;
import io.cpuidmask.facts.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs policy test cases through the compiled rules and says, for each, what did not hold. */
public final class PolicyTestRunner {

    /**
     * The outcome of one case: passed when {@code failures} is empty. {@code unusable} lists what makes
     * the case itself wrong (an unknown guest, rule or register), which no policy could pass: a test to
     * fix, not a policy failure.
     */
    public record Outcome(PolicyTestCase testCase, List<String> failures, List<String> unusable) {
        public Outcome(PolicyTestCase testCase, List<String> failures) {
            this(testCase, failures, List.of());
        }

        public Outcome {
            failures = List.copyOf(failures);
            unusable = List.copyOf(unusable);
        }

        public boolean passed() {
            return failures.isEmpty() && unusable.isEmpty();
        }
    }

    private final PolicyEngine engine;
    private final Map<String, GuestCatalog> guests;

    private final java.util.Set<String> ruleIds;

    public PolicyTestRunner(RuleSet rules, FeatureCatalog features, Policy policy, Map<String, GuestCatalog> guests) {
        this.engine = new PolicyEngine(rules, features, policy);
        this.guests = Map.copyOf(guests);
        this.ruleIds = rules.rules().stream().map(io.cpuidmask.engine.RuleInfo::id)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** What makes a case unusable whatever the policy does: names of guests, rules or registers that do not exist. */
    List<String> unusable(PolicyTestCase c) {
        List<String> problems = new ArrayList<>();
        GuestCatalog guest = guests.get(c.guest());
        if (guest == null) {
            problems.add("unknown guest '" + c.guest() + "' (known: " + String.join(", ", new java.util.TreeSet<>(guests.keySet())) + ")");
        }
        c.findings().stream().map(PolicyTestCase.ExpectedFinding::rule).filter(r -> !ruleIds.contains(r))
                .forEach(r -> problems.add("expects a finding of unknown rule '" + r + "'"));
        c.absent().stream().filter(r -> !ruleIds.contains(r))
                .forEach(r -> problems.add("absent names unknown rule '" + r + "' (it could never fire, so the check could never fail)"));
        if (guest != null) {
            for (String label : c.hidden().keySet()) {
                if (guest.entries().stream().noneMatch(e -> e.key().label().equals(label))) {
                    problems.add("hidden names register " + label + ", which guest '" + c.guest() + "' does not mask");
                }
            }
        }
        return problems;
    }

    public Outcome run(PolicyTestCase c) {
        List<String> failures = new ArrayList<>();
        List<String> unusable = unusable(c);
        if (!unusable.isEmpty()) {
            return new Outcome(c, List.of(), unusable);
        }
        GuestCatalog guest = guests.get(c.guest());
        ClusterResult r;
        try {
            List<ClusterResult> results = engine.evaluateCluster(PolicyTestLoader.CLUSTER, sorted(c), List.of(guest));
            r = results.get(0);
        } catch (RuleRuntimeException e) {
            return new Outcome(c, List.of(e.getMessage()));
        }
        if (c.status() != null && !c.status().equals(r.status().name())) {
            failures.add("status: expected " + c.status() + ", got " + r.status());
        }
        for (Map.Entry<String, List<Integer>> e : c.hidden().entrySet()) {
            MaskResult m = r.masks().stream().filter(x -> x.key().label().equals(e.getKey())).findFirst().orElse(null);
            List<Integer> actual = m == null ? List.of() : m.hiddenBits();
            if (m == null && !e.getValue().isEmpty()) {
                failures.add("hidden: guest '" + c.guest() + "' has no register " + e.getKey());
            } else if (!actual.equals(e.getValue())) {
                failures.add("hidden " + e.getKey() + ": expected " + e.getValue() + ", got " + actual);
            }
        }
        for (PolicyTestCase.ExpectedFinding f : c.findings()) {
            if (r.findings().stream().noneMatch(x -> matches(f, x))) {
                failures.add("missing finding " + f + "; got " + summary(r.findings()));
            }
        }
        for (String rule : c.absent()) {
            r.findings().stream().filter(x -> x.getRuleId().equals(rule)).findFirst()
                    .ifPresent(x -> failures.add("rule " + rule + " fired but should not: " + x.getMessage()));
        }
        return new Outcome(c, failures);
    }

    private static List<io.cpuidmask.model.HostProfile> sorted(PolicyTestCase c) {
        List<io.cpuidmask.model.HostProfile> hosts = new ArrayList<>(c.hosts());
        hosts.sort(java.util.Comparator.comparing(io.cpuidmask.model.HostProfile::host));
        return hosts;
    }

    private static boolean matches(PolicyTestCase.ExpectedFinding e, Finding f) {
        return e.rule().equals(f.getRuleId())
                && (e.severity() == null || e.severity().equals(f.getSeverity().name()))
                && (e.bit() == null || e.bit().equals(f.getBit()))
                && (e.host() == null || e.host().equals(f.getHost()))
                && (e.feature() == null || e.feature().equalsIgnoreCase(String.valueOf(f.getFeature())));
    }

    private static String summary(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "no findings";
        }
        List<String> s = new ArrayList<>();
        for (Finding f : findings) {
            s.add(f.getRuleId() + "/" + f.getSeverity() + (f.getBit() == null ? "" : "/bit " + f.getBit()));
        }
        return String.join(", ", s);
    }
}
