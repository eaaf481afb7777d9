package io.cpuidmask.engine;

import io.cpuidmask.catalog.Feature;
import io.cpuidmask.catalog.FeatureCatalog;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.catalog.IdentityField;
import io.cpuidmask.catalog.MaskEntry;
import io.cpuidmask.facts.Bit;
import io.cpuidmask.facts.ClusterGuest;
import io.cpuidmask.facts.DifferingBit;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.HiddenBit;
import io.cpuidmask.facts.Host;
import io.cpuidmask.facts.RegisterValue;
import io.cpuidmask.facts.RegisterCheck;
import io.cpuidmask.facts.RuleMeta;
import io.cpuidmask.facts.Verdict;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;

/**
 * Runs the policy rules over one cluster at a time. Java inserts observations (hosts, their
 * registers, each guest's default masks and where hosts differ, the feature catalogue); the DRL
 * rules derive the hidden bits, findings and verdicts; Java then only assembles mask strings
 * from the derived facts.
 */
public final class PolicyEngine {

    /** Name of the global through which rules reach the feature catalogue. */
    public static final String FEATURES_GLOBAL = "features";
    /** Clusters per session: the catalogue facts are inserted once per batch, not per cluster. */
    private static final int BATCH_CLUSTERS = 64;
    private static final int BATCH_HOSTS = 4000;
    private static final RegisterKey LEAF1_EAX = RegisterKey.of(1, Register.EAX);

    private final RuleSet rules;
    private final FeatureCatalog features;
    private final Policy policy;

    public PolicyEngine(RuleSet rules, FeatureCatalog features, Policy policy) {
        this.rules = rules;
        this.features = features;
        this.policy = policy;
    }

    /** Results of a whole run, and the rule failures that stopped some clusters from being checked. */
    public record Evaluation(List<ClusterResult> results, List<InputError> errors) {
    }

    /**
     * Checks every cluster against every guest; results sorted by cluster, then guest. A rule that
     * fails at run time costs only the cluster it failed on.
     */
    public Evaluation evaluate(List<HostProfile> hosts, List<GuestCatalog> guests) {
        return evaluate(hosts, guests, (done, total) -> { });
    }

    /** As {@link #evaluate(List, List)}, telling {@code progress} (done, total) clusters as batches finish. */
    public Evaluation evaluate(List<HostProfile> hosts, List<GuestCatalog> guests,
                               java.util.function.BiConsumer<Integer, Integer> progress) {
        Map<String, List<HostProfile>> clusters = new TreeMap<>();
        for (HostProfile h : hosts) {
            clusters.computeIfAbsent(h.cluster(), c -> new ArrayList<>()).add(h);
        }
        List<List<ClusterInput>> batches = new ArrayList<>();
        List<ClusterInput> batch = new ArrayList<>();
        int batchHosts = 0;
        for (Map.Entry<String, List<HostProfile>> c : clusters.entrySet()) {
            List<HostProfile> members = new ArrayList<>(c.getValue());
            members.sort(Comparator.comparing(HostProfile::host));
            batch.add(new ClusterInput(c.getKey(), members));
            batchHosts += members.size();
            if (batch.size() >= BATCH_CLUSTERS || batchHosts >= BATCH_HOSTS) {
                batches.add(batch);
                batch = new ArrayList<>();
                batchHosts = 0;
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        // Clusters are independent: batches of them share a session (the catalogue facts are
        // inserted once per batch), and batches run on as many cores as there are.
        int total = clusters.size();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        List<Evaluation> perBatch = batches.parallelStream().map(b -> {
            Evaluation e = evaluateBatch(b, guests);
            progress.accept(done.addAndGet(b.size()), total);
            return e;
        }).toList();
        List<ClusterResult> results = new ArrayList<>();
        List<InputError> errors = new ArrayList<>();
        for (Evaluation e : perBatch) {
            results.addAll(e.results());
            errors.addAll(e.errors());
        }
        return new Evaluation(results, errors);
    }

    /** A batch; when a rule fails at run time, its clusters are checked one by one so that only the failing ones are lost. */
    private Evaluation evaluateBatch(List<ClusterInput> batch, List<GuestCatalog> guests) {
        try {
            return new Evaluation(evaluateClusters(batch, guests), List.of());
        } catch (RuleRuntimeException batchFailure) {
            List<ClusterResult> results = new ArrayList<>();
            List<InputError> errors = new ArrayList<>();
            for (ClusterInput c : batch) {
                try {
                    results.addAll(evaluateClusters(List.of(c), guests));
                } catch (RuleRuntimeException e) {
                    errors.add(new InputError(e.rule().file(), e.rule().line(),
                            e.getMessage() + " (cluster '" + c.cluster() + "' not checked)"));
                }
            }
            return new Evaluation(results, errors);
        }
    }

    /** One cluster's hosts, sorted by name. */
    private record ClusterInput(String cluster, List<HostProfile> hosts) {
    }

    /** What one cluster contributed to a session, to read its results back. */
    private record ClusterState(ClusterInput input, String vendor, Map<ClusterGuest, List<RegisterCheck>> checks) {
    }

    /** Checks one cluster (hosts sorted by name) against the given guests in one session. */
    public List<ClusterResult> evaluateCluster(String cluster, List<HostProfile> hosts, List<GuestCatalog> guests) {
        return evaluateClusters(List.of(new ClusterInput(cluster, hosts)), guests);
    }

    private List<ClusterResult> evaluateClusters(List<ClusterInput> clusters, List<GuestCatalog> guests) {
        KieSession session = rules.kieBase().newKieSession();
        try {
            setGlobalIfDeclared(session, FEATURES_GLOBAL, features);
            policy.waivers().forEach(session::insert);
            for (int b = 0; b < MaskString.BITS; b++) {
                session.insert(new Bit(b));
            }
            features.features().forEach(session::insert);
            features.fields().forEach(session::insert);
            java.util.Set<RegisterKey> catalogKeys = new java.util.TreeSet<>();
            guests.forEach(g -> g.entries().forEach(e -> catalogKeys.add(e.key())));
            List<ClusterState> states = new ArrayList<>();
            for (ClusterInput c : clusters) {
                states.add(insertCluster(session, c, guests, catalogKeys));
            }
            fire(session);
            return collect(session, states);
        } finally {
            session.dispose();
        }
    }

    private ClusterState insertCluster(KieSession session, ClusterInput input, List<GuestCatalog> guests,
                                       java.util.Set<RegisterKey> catalogKeys) {
        String cluster = input.cluster();
        List<HostProfile> hosts = input.hosts();
        TreeSet<String> vendors = new TreeSet<>();
        List<String> names = new ArrayList<>();
        Map<RegisterKey, Map<Integer, List<Host>>> values = new TreeMap<>();
        for (HostProfile h : hosts) {
            names.add(h.host());
            if (h.vendor() != null) {
                vendors.add(h.vendor());
            }
            Host host = hostFact(h);
            session.insert(host);
            // Known values, including registers that read as zero above the CPU's maximum leaf.
            for (RegisterKey key : catalogKeys) {
                OptionalInt v = h.value(key);
                if (v.isPresent()) {
                    values.computeIfAbsent(key, k -> new TreeMap<>())
                            .computeIfAbsent(v.getAsInt(), x -> new ArrayList<>()).add(host);
                }
            }
            for (Map.Entry<RegisterKey, Integer> r : h.registers().entrySet()) {
                if (!catalogKeys.contains(r.getKey())) {
                    values.computeIfAbsent(r.getKey(), k -> new TreeMap<>())
                            .computeIfAbsent(r.getValue(), x -> new ArrayList<>()).add(host);
                }
            }
        }
        // One fact per distinct value: hosts of the same CPU share it.
        values.forEach((key, byValue) -> byValue.forEach((value, holders) -> session.insert(new RegisterValue(cluster,
                key, value, holders.stream().map(Host::getName).toList(),
                holders.stream().map(Host::getSignature).filter(java.util.Objects::nonNull)
                        .collect(java.util.stream.Collectors.toSet())))));
        String vendor = vendors.size() == 1 ? vendors.first() : null;
        // Each register is observed once per cluster, whatever the number of guests.
        Map<RegisterKey, Observation> observations = new java.util.HashMap<>();
        Map<ClusterGuest, List<RegisterCheck>> checks = new java.util.LinkedHashMap<>();
        for (GuestCatalog g : guests) {
            ClusterGuest cg = new ClusterGuest(cluster, g.guest(), g.os(), g.bits(), names, vendors, g.minimum());
            session.insert(cg);
            List<RegisterCheck> list = new ArrayList<>();
            for (MaskEntry e : g.entriesFor(vendor)) {
                RegisterCheck check = observe(cg, e, observations.computeIfAbsent(e.key(), k -> Observation.of(k, hosts, values)));
                session.insert(check);
                list.add(check);
                for (int bit = 0; bit < MaskString.BITS; bit++) {
                    if (check.differsAt(bit)) {
                        session.insert(new DifferingBit(check, bit));
                    }
                }
            }
            checks.put(cg, list);
        }
        return new ClusterState(input, vendor, checks);
    }

    /** Rules may declare these globals; setting an undeclared one is an error in Drools. */
    private void setGlobalIfDeclared(KieSession session, String name, Object value) {
        boolean declared = rules.kieBase().getKiePackages().stream()
                .anyMatch(p -> p.getGlobalVariables().stream().anyMatch(g -> g.getName().equals(name)));
        if (declared) {
            session.setGlobal(name, value);
        }
    }

    private void fire(KieSession session) {
        try {
            // Disabled rules never fire; the policy context applies severity overrides and waivers.
            policy.context().bind(() -> session.fireAllRules(
                    match -> !policy.disabled().contains(RuleMeta.text(match.getRule().getMetaData().get("id")))));
        } catch (ConsequenceException e) {
            String name = e.getMatch() == null ? "?" : e.getMatch().getRule().getName();
            RuleInfo info = rules.rules().stream().filter(r -> r.name().equals(name)).findFirst()
                    .orElse(new RuleInfo(name, name, null, null, "rules", 0));
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RuleRuntimeException(info, "rule '" + name + "' failed at run time: "
                    + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), e);
        }
    }

    /** The observation for one register: which bits are set on all hosts, on any, and who lacks it. */
    /** One register across a cluster: bits set on every host, on any host, and the hosts without a value. */
    private record Observation(int setOnAll, int setOnAny, List<String> missing) {

        static Observation of(RegisterKey key, List<HostProfile> hosts, Map<RegisterKey, Map<Integer, List<Host>>> values) {
            Map<Integer, List<Host>> byValue = values.getOrDefault(key, Map.of());
            int all = -1;
            int any = 0;
            java.util.Set<String> known = new java.util.HashSet<>();
            for (Map.Entry<Integer, List<Host>> v : byValue.entrySet()) {
                all &= v.getKey();
                any |= v.getKey();
                v.getValue().forEach(h -> known.add(h.getName()));
            }
            List<String> missing = new ArrayList<>();
            for (HostProfile h : hosts) {
                if (!known.contains(h.host())) {
                    missing.add(h.host());
                }
            }
            return new Observation(byValue.isEmpty() ? 0 : all, any, missing);
        }
    }

    private static RegisterCheck observe(ClusterGuest cg, MaskEntry entry, Observation o) {
        return new RegisterCheck(cg, entry.key(), entry.mask(), entry.source(), o.missing(), o.setOnAll(), o.setOnAny());
    }

    private Host hostFact(HostProfile h) {
        Integer family = null;
        Integer model = null;
        Integer stepping = null;
        Integer eax = h.registers().get(LEAF1_EAX);
        if (eax != null) {
            int base = eax >>> 8 & 0xF;
            int extFamily = eax >>> 20 & 0xFF;
            int baseModel = eax >>> 4 & 0xF;
            int extModel = eax >>> 16 & 0xF;
            family = base == 0xF ? base + extFamily : base;
            model = base == 0x6 || base == 0xF ? (extModel << 4) + baseModel : baseModel;
            stepping = eax & 0xF;
        }
        return new Host(h.host(), h.cluster(), h.vendor(), family, model, stepping, h.source().file());
    }

    private List<ClusterResult> collect(KieSession session, List<ClusterState> states) {
        Map<ClusterGuest, Map<RegisterKey, Integer>> hidden = new HashMap<>();
        Map<ClusterGuest, List<Finding>> findings = new HashMap<>();
        Map<ClusterGuest, List<Status>> verdicts = new HashMap<>();
        for (Object o : session.getObjects()) {
            if (o instanceof HiddenBit h) {
                hidden.computeIfAbsent(h.getClusterGuest(), k -> new HashMap<>())
                        .merge(h.getKey(), 1 << h.getBit(), (a, b) -> a | b);
            } else if (o instanceof Finding f) {
                findings.computeIfAbsent(f.getClusterGuest(), k -> new ArrayList<>()).add(f);
            } else if (o instanceof Verdict v) {
                verdicts.computeIfAbsent(v.getClusterGuest(), k -> new ArrayList<>()).add(v.getStatus());
            }
        }
        List<ClusterResult> out = new ArrayList<>();
        for (ClusterState state : states) {
            out.addAll(results(state, hidden, findings, verdicts));
        }
        return out;
    }

    private List<ClusterResult> results(ClusterState state, Map<ClusterGuest, Map<RegisterKey, Integer>> hidden,
                                        Map<ClusterGuest, List<Finding>> findings, Map<ClusterGuest, List<Status>> verdicts) {
        String vendor = state.vendor();
        List<HostProfile> hosts = state.input().hosts();
        List<ClusterResult> out = new ArrayList<>();
        for (Map.Entry<ClusterGuest, List<RegisterCheck>> e : state.checks().entrySet()) {
            ClusterGuest cg = e.getKey();
            List<MaskResult> masks = new ArrayList<>();
            for (RegisterCheck c : e.getValue()) {
                int bits = hidden.getOrDefault(cg, Map.of()).getOrDefault(c.getKey(), 0);
                masks.add(assemble(c, bits, vendor));
            }
            List<Finding> fs = new ArrayList<>(findings.getOrDefault(cg, List.of()));
            fs.sort(null);
            List<Status> vs = verdicts.getOrDefault(cg, List.of());
            if (vs.size() != 1) {
                throw new RuleRuntimeException(new RuleInfo("verdict", "verdict", null, null, "rules", 0),
                        "the rules gave " + (vs.isEmpty() ? "no verdict" : "several verdicts " + vs) + " for cluster '"
                                + cg.getCluster() + "' and guest '" + cg.getGuest()
                                + "' (rules/verdict.drl must derive exactly one Verdict per ClusterGuest)", null);
            }
            out.add(new ClusterResult(cg, hosts, vs.get(0), masks, fs));
        }
        return out;
    }

    /** Builds the custom and effective masks from the bits the rules hid. */
    private MaskResult assemble(RegisterCheck c, int hiddenBits, String vendor) {
        MaskString custom = MaskString.hiding(hiddenBits);
        List<Integer> bits = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int b = 0; b < MaskString.BITS; b++) {
            if ((hiddenBits >>> b & 1) != 0) {
                bits.add(b);
                names.add(features.nameOf(c.getKey(), b, vendor));
            }
        }
        return new MaskResult(c.getKey(), c.getDefaultMask(), custom, custom.over(c.getDefaultMask()), bits, names,
                c.getSource(), c.getDiffering(), c.getMissingOn());
    }

    /** The feature catalogue in use (reports name bits with it). */
    public FeatureCatalog features() {
        return features;
    }


}
