package io.cpuidmask.engine;

import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.facts.Bit;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.facts.PolicyContext;
import io.cpuidmask.facts.RuleMeta;
import io.cpuidmask.model.Futures;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.RuleInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;

/**
 * Runs the policy rules over every cluster. Java inserts observations ({@link ClusterFacts}: hosts,
 * register values, the default masks of each set of guests that share them ({@code MaskSet}) and
 * where hosts differ, the feature catalogue); the DRL rules derive the hidden bits, findings and
 * verdicts; {@link DerivedFacts} only reads them back. Clusters are independent: batches of them
 * share a session, and batches run in parallel; their outcomes are handed out in cluster order as
 * they finish.
 */
public final class PolicyEngine {

    /** Name of the global through which rules reach the feature catalogue. */
    public static final String FEATURES_GLOBAL = "features";
    /**
     * Clusters per session. A session costs about a millisecond before any cluster goes in (the
     * catalogue facts, its memories), and a session's cost per cluster grows with its clusters
     * (its agenda and memories grow). Measured on 100,000 hosts in 1,000 clusters: 4 clusters per
     * session 6.2 s, 1 cluster 6.8 s, 64 clusters 9.8 s; on 5,000 clusters of one host (engine CPU
     * time, runs interleaved in one JVM): 1 per session 3.5 s, 4 2.4 s, 16 1.95 s, 64 2.2 s. So a
     * session takes 4 clusters, or up to 16 while they are small.
     */
    private static final int BATCH_CLUSTERS = 4;
    private static final int BATCH_SMALL_CLUSTERS = 16;
    /** Below this many hosts, a batch of BATCH_CLUSTERS takes more clusters, up to BATCH_SMALL_CLUSTERS. */
    private static final int BATCH_SMALL_HOSTS = 32;
    private static final int BATCH_HOSTS = 1000;
    /**
     * Batches submitted per worker and not yet handed out: enough that a worker never waits for
     * the hand-out (a batch finishing early waits for those before it), few enough that outcomes
     * do not pile up while a sink writes them.
     */
    private static final int IN_FLIGHT_PER_WORKER = 3;

    private final RuleSet rules;
    private final FeatureCatalog features;
    private final Policy policy;
    private final GuestEntries entries = new GuestEntries();
    /** Sees each new session before any fact goes in; tests watch what the engine inserts. */
    private Consumer<KieSession> sessionWatcher = s -> { };

    public PolicyEngine(RuleSet rules, FeatureCatalog features, Policy policy) {
        this.rules = rules;
        this.features = features;
        this.policy = policy;
    }

    /** Results of a whole run, and the rule failures that stopped some clusters from being checked. */
    public record Evaluation(List<RuleOutcome> outcomes, List<InputError> errors) {

        public Evaluation {
            outcomes = List.copyOf(outcomes);
            errors = List.copyOf(errors);
        }
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
                               BiConsumer<Integer, Integer> progress) {
        List<RuleOutcome> results = new ArrayList<>();
        List<InputError> errors = evaluate(hosts, guests, progress, results::addAll);
        return new Evaluation(results, errors);
    }

    /**
     * As {@link #evaluate(List, List, BiConsumer)}, handing the outcomes to {@code sink} batch by
     * batch as they finish, in cluster order, on the calling thread, instead of all at the end: a
     * report can be written while later clusters are checked, and no more than a few batches'
     * outcomes wait at any time. Returns the rule failures that stopped clusters from being checked.
     * An exception the sink throws ends the run (the batches under way are abandoned).
     */
    public List<InputError> evaluate(List<HostProfile> hosts, List<GuestCatalog> guests,
                                     BiConsumer<Integer, Integer> progress, Consumer<List<RuleOutcome>> sink) {
        Map<String, List<HostProfile>> clusters = new TreeMap<>();
        for (HostProfile h : hosts) {
            clusters.computeIfAbsent(h.cluster(), c -> new ArrayList<>()).add(h);
        }
        List<List<ClusterFacts.ClusterInput>> batches = new ArrayList<>();
        List<ClusterFacts.ClusterInput> batch = new ArrayList<>();
        int batchHosts = 0;
        for (Map.Entry<String, List<HostProfile>> c : clusters.entrySet()) {
            List<HostProfile> members = new ArrayList<>(c.getValue());
            members.sort(Comparator.comparing(HostProfile::host));
            batch.add(new ClusterFacts.ClusterInput(c.getKey(), members));
            batchHosts += members.size();
            if (batch.size() >= BATCH_CLUSTERS && batchHosts >= BATCH_SMALL_HOSTS
                    || batch.size() >= BATCH_SMALL_CLUSTERS || batchHosts >= BATCH_HOSTS) {
                batches.add(batch);
                batch = new ArrayList<>();
                batchHosts = 0;
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        clusters.clear();
        int total = batches.stream().mapToInt(List::size).sum();
        AtomicInteger done = new AtomicInteger();
        PolicyContext context = policy.context();
        List<InputError> errors = new ArrayList<>();
        if (batches.size() <= 1) {
            for (List<ClusterFacts.ClusterInput> b : batches) {
                Evaluation e = evaluateBatch(b, guests, context);
                progress.accept(done.addAndGet(b.size()), total);
                sink.accept(e.outcomes());
                errors.addAll(e.errors());
            }
            return errors;
        }
        // Clusters are independent: batches of them share a session (the catalogue facts are
        // inserted once per batch), and batches run on as many cores as there are, while this
        // thread hands out the finished ones in order.
        int workers = Math.min(Runtime.getRuntime().availableProcessors(), batches.size());
        ExecutorService pool = Executors.newFixedThreadPool(workers, Futures.daemon("cpuidmask-engine"));
        try {
            ArrayDeque<Future<Evaluation>> inFlight = new ArrayDeque<>();
            int next = 0;
            while (next < batches.size() || !inFlight.isEmpty()) {
                while (next < batches.size() && inFlight.size() < workers * IN_FLIGHT_PER_WORKER) {
                    List<ClusterFacts.ClusterInput> b = batches.get(next);
                    batches.set(next++, null); // what is handed out is the outcomes' to keep, not ours
                    inFlight.add(pool.submit(() -> {
                        Evaluation e = evaluateBatch(b, guests, context);
                        progress.accept(done.addAndGet(b.size()), total);
                        return e;
                    }));
                }
                Evaluation e = Futures.get(inFlight.remove());
                sink.accept(e.outcomes());
                errors.addAll(e.errors());
            }
        } finally {
            pool.shutdownNow();
        }
        return errors;
    }

    /** A batch; when a rule fails at run time, its clusters are checked one by one so that only the failing ones are lost. */
    private Evaluation evaluateBatch(List<ClusterFacts.ClusterInput> batch, List<GuestCatalog> guests,
                                     PolicyContext context) {
        try {
            return new Evaluation(evaluateClusters(batch, guests, context), List.of());
        } catch (RuleRuntimeException batchFailure) {
            List<RuleOutcome> results = new ArrayList<>();
            List<InputError> errors = new ArrayList<>();
            for (ClusterFacts.ClusterInput c : batch) {
                try {
                    results.addAll(evaluateClusters(List.of(c), guests, context));
                } catch (RuleRuntimeException e) {
                    errors.add(new InputError(e.rule().file(), e.rule().line(),
                            e.getMessage() + " (cluster '" + c.cluster() + "' not checked)"));
                }
            }
            return new Evaluation(results, errors);
        }
    }

    /**
     * Checks the clusters of {@code hosts} against the given guests, all in one session (as a batch
     * of {@link #evaluate} is); results sorted by cluster, then guest.
     */
    public List<RuleOutcome> evaluateInOneSession(List<HostProfile> hosts, List<GuestCatalog> guests) {
        Map<String, List<HostProfile>> clusters = new TreeMap<>();
        hosts.forEach(h -> clusters.computeIfAbsent(h.cluster(), c -> new ArrayList<>()).add(h));
        List<ClusterFacts.ClusterInput> inputs = new ArrayList<>();
        clusters.forEach((name, members) -> {
            members.sort(Comparator.comparing(HostProfile::host));
            inputs.add(new ClusterFacts.ClusterInput(name, members));
        });
        return evaluateClusters(inputs, guests, policy.context());
    }

    /** Checks one cluster (hosts sorted by name) against the given guests in one session. */
    public List<RuleOutcome> evaluateCluster(String cluster, List<HostProfile> hosts, List<GuestCatalog> guests) {
        return evaluateClusters(List.of(new ClusterFacts.ClusterInput(cluster, hosts)), guests, policy.context());
    }

    private List<RuleOutcome> evaluateClusters(List<ClusterFacts.ClusterInput> clusters, List<GuestCatalog> guests,
                                               PolicyContext context) {
        KieSession session = rules.kieBase().newKieSession();
        try {
            sessionWatcher.accept(session);
            setGlobalIfDeclared(session, FEATURES_GLOBAL, features);
            policy.waivers().forEach(session::insert);
            for (int b = 0; b < MaskString.BITS; b++) {
                session.insert(new Bit(b));
            }
            features.features().forEach(session::insert);
            features.fields().forEach(session::insert);
            Set<RegisterKey> catalogKeys = new TreeSet<>();
            guests.forEach(g -> g.entries().forEach(e -> catalogKeys.add(e.key())));
            List<ClusterFacts.ClusterState> states = new ArrayList<>();
            for (ClusterFacts.ClusterInput c : clusters) {
                states.add(ClusterFacts.insert(session, c, guests, catalogKeys, entries));
            }
            fire(session, context);
            return DerivedFacts.collect(session, states);
        } finally {
            session.dispose();
        }
    }

    /** For tests in this package: {@code watcher} sees every session as it is made. */
    PolicyEngine watchingSessions(Consumer<KieSession> watcher) {
        this.sessionWatcher = watcher;
        return this;
    }

    /** Rules may declare these globals; setting an undeclared one is an error in Drools. */
    private void setGlobalIfDeclared(KieSession session, String name, Object value) {
        boolean declared = rules.kieBase().getKiePackages().stream()
                .anyMatch(p -> p.getGlobalVariables().stream().anyMatch(g -> g.getName().equals(name)));
        if (declared) {
            session.setGlobal(name, value);
        }
    }

    private void fire(KieSession session, PolicyContext context) {
        try {
            // Disabled rules never fire; the policy context applies severity overrides and waivers.
            context.bind(() -> session.fireAllRules(
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

    /** The feature catalogue in use (reports name bits with it). */
    public FeatureCatalog features() {
        return features;
    }


}
