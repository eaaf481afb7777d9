package io.cpuidmask.verify;

import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.engine.Policy;
import io.cpuidmask.engine.PolicyEngine;
import io.cpuidmask.engine.RuleRuntimeException;
import io.cpuidmask.engine.RuleSet;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.RuleInfo;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import io.cpuidmask.result.ResultAssembler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

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

    /** The name of the decoy cluster each case runs beside. */
    static final String DECOY = "decoy";

    private final PolicyEngine engine;
    private final Map<String, GuestCatalog> guests;

    private final Set<String> ruleIds;

    public PolicyTestRunner(RuleSet rules, FeatureCatalog features, Policy policy, Map<String, GuestCatalog> guests) {
        this.engine = new PolicyEngine(rules, features, policy);
        this.guests = Map.copyOf(guests);
        this.ruleIds = rules.rules().stream().map(RuleInfo::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** What makes a case unusable whatever the policy does: names of guests, rules or registers that do not exist. */
    List<String> unusable(PolicyTestCase c) {
        List<String> problems = new ArrayList<>();
        GuestCatalog guest = guests.get(c.guest());
        if (guest == null) {
            problems.add("unknown guest '" + c.guest() + "' (known: " + String.join(", ", new TreeSet<>(guests.keySet())) + ")");
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
        ClusterResult besideDecoy;
        try {
            ResultAssembler results = new ResultAssembler(engine.features());
            r = results.result(engine.evaluateCluster(PolicyTestLoader.CLUSTER, sorted(c), List.of(guest)).get(0));
            besideDecoy = results.results(engine.evaluateInOneSession(withDecoy(c.hosts()), List.of(guest))).stream()
                    .filter(x -> x.cluster().equals(PolicyTestLoader.CLUSTER)).findFirst().orElseThrow();
        } catch (RuleRuntimeException e) {
            return new Outcome(c, List.of(e.getMessage()));
        }
        if (!digest(r).equals(digest(besideDecoy))) {
            failures.add("the result changes when cluster '" + DECOY + "' shares the rule session (as clusters do in"
                    + " a check): some rule joins facts of different clusters; join on cluster. Alone: " + digest(r)
                    + "; beside the decoy: " + digest(besideDecoy));
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

    /**
     * The case's hosts and a decoy cluster in which every bit differs: a copy of the first host, and
     * each host with every register complemented. A rule that forgets to join on cluster shows.
     */
    private static List<HostProfile> withDecoy(List<HostProfile> hosts) {
        List<HostProfile> out = new ArrayList<>(hosts);
        if (hosts.isEmpty()) {
            return out;
        }
        HostProfile first = hosts.get(0);
        out.add(new HostProfile(DECOY + "-copy", DECOY, first.vendor(), "", first.registers(), first.source(), Map.of()));
        for (int i = 0; i < hosts.size(); i++) {
            HostProfile h = hosts.get(i);
            SortedMap<RegisterKey, Integer> flipped = new TreeMap<>();
            h.registers().forEach((k, v) -> flipped.put(k, ~v));
            out.add(new HostProfile(DECOY + "-" + i, DECOY, h.vendor(), "", flipped, h.source(), Map.of()));
        }
        return out;
    }

    /** What a case's result says, cluster-independent parts only: verdict, hidden bits and findings. */
    private static String digest(ClusterResult r) {
        StringBuilder s = new StringBuilder(r.status().name());
        r.masks().stream().filter(MaskResult::hidesAnything)
                .forEach(m -> s.append(", hidden ").append(m.key().label()).append(m.hiddenBits()));
        r.findings().forEach(f -> s.append(", ").append(f.getRuleId()).append('/').append(f.getSeverity())
                .append(bits(f)).append(f.getHost() == null ? "" : "/" + f.getHost()));
        return s.toString();
    }

    private static List<HostProfile> sorted(PolicyTestCase c) {
        List<HostProfile> hosts = new ArrayList<>(c.hosts());
        hosts.sort(Comparator.comparing(HostProfile::host));
        return hosts;
    }

    /** An expected bit and feature match a finding that lists an item with both. */
    private static boolean matches(PolicyTestCase.ExpectedFinding e, Finding f) {
        return e.rule().equals(f.getRuleId())
                && (e.severity() == null || e.severity().equals(f.getSeverity().name()))
                && (e.host() == null || e.host().equals(f.getHost()))
                && (e.bit() == null && e.feature() == null || f.getItems().stream().anyMatch(i ->
                        (e.bit() == null || e.bit().equals(i.getBit()))
                                && (e.feature() == null || e.feature().equalsIgnoreCase(String.valueOf(i.getFeature())))));
    }

    /** "/bits 0, 13" for the bits a finding lists, or "". */
    private static String bits(Finding f) {
        List<String> bits = f.getItems().stream().filter(i -> i.getBit() != null).map(i -> String.valueOf(i.getBit()))
                .distinct().toList();
        return bits.isEmpty() ? "" : (bits.size() == 1 ? "/bit " : "/bits ") + String.join(", ", bits);
    }

    private static String summary(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "no findings";
        }
        List<String> s = new ArrayList<>();
        for (Finding f : findings) {
            s.add(f.getRuleId() + "/" + f.getSeverity() + bits(f));
        }
        return String.join(", ", s);
    }
}
