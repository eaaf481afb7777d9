package io.cpuidmask.run;

import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.engine.PolicyEngine;
import io.cpuidmask.engine.PolicySources;
import io.cpuidmask.engine.RuleOutcome;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.files.InputFiles;
import io.cpuidmask.files.Sha256;
import io.cpuidmask.model.Futures;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.RuleInfo;
import io.cpuidmask.model.Suggestions;
import io.cpuidmask.model.Version;
import io.cpuidmask.profile.ProfileLoader;
import io.cpuidmask.report.Report;
import io.cpuidmask.report.ReportStream;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.ResultAssembler;
import io.cpuidmask.yaml.TextFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One check: loads catalogues, rules and profiles, runs the policy engine and assembles the
 * {@link Report}. Nothing here prints or exits; problems become report entries.
 */
public final class CheckRun {

    private final FeatureCatalog features;
    private final Clock clock;

    public CheckRun(FeatureCatalog features, Clock clock) {
        this.features = features;
        this.clock = clock;
    }

    public Report run(CheckRequest request) throws UnknownGuestException {
        return run(request, Progress.NONE);
    }

    public Report run(CheckRequest request, Progress progress) throws UnknownGuestException {
        return run(request, progress, null, true);
    }

    /**
     * A check whose results also go to {@code stream} as the engine hands them out (the header
     * first, the end last); with {@code keep} false the report keeps no results, only their totals,
     * so that a run of any size holds no more than a few batches of them.
     *
     * @param stream where results go as they come, or null
     */
    public Report run(CheckRequest request, Progress progress, ReportStream stream, boolean keep)
            throws UnknownGuestException {
        ReportStream out = stream == null ? NO_STREAM : stream;
        List<InputError> errors = new ArrayList<>();
        long t0 = System.nanoTime();
        PolicySources sources = request.policy();
        // The rules load (from the cache, or compiled) while the catalogues and profiles are read: all take a while.
        CompletableFuture<ReadyEngine> rules = CompletableFuture.supplyAsync(() -> ReadyEngine.load(sources, features,
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)),
                task -> Futures.daemon("cpuidmask-rules").newThread(task).start());
        errors.addAll(sources.errors());
        CatalogLoader.Loaded catalogs = new CatalogLoader().load(sources.catalogFolders());
        errors.addAll(catalogs.errors());
        // An unknown --guest is a usage error only when the catalogues could all be read.
        boolean complete = errors.isEmpty() && !sources.catalogFolders().isEmpty();
        List<GuestCatalog> guests = selectGuests(request.guests(), catalogs, complete);
        List<InputError> warnings = new ArrayList<>();
        Map<ClusterGuests.Rule, List<GuestCatalog>> ruleGuests = request.clusterGuests() == null ? null
                : ruleGuests(request.clusterGuests(), catalogs, complete, errors);

        long t1 = System.nanoTime();
        ProfileLoader.Loaded profiles = new ProfileLoader().load(request.inputs());
        long t2 = System.nanoTime();
        ReadyEngine compiled = Futures.join(rules);
        errors.addAll(compiled.ruleErrors());
        errors.addAll(profiles.errors());
        warnings.addAll(profiles.warnings());

        List<ClusterResult> results = new ArrayList<>();
        Report.Totals[] totals = {Report.Totals.NONE};
        List<String> policyFiles = new ArrayList<>();
        Report header = null;
        long t3 = System.nanoTime();
        if (compiled.ok()) {
            errors.addAll(compiled.policyErrors());
            policyFiles.addAll(compiled.policyFiles());
            PolicyEngine engine = compiled.engine();
            progress.hostsRead(profiles.hosts().size(),
                    (int) profiles.hosts().stream().map(HostProfile::cluster).distinct().count());
            Report begun = header(sources, catalogs, compiled, profiles, policyFiles);
            header = begun;
            write(() -> out.begin(begun));
            ResultAssembler assembler = new ResultAssembler(features);
            Consumer<List<RuleOutcome>> sink = outcomes -> {
                List<ClusterResult> batch = assembler.results(outcomes);
                totals[0] = totals[0].plus(batch);
                if (keep) {
                    results.addAll(batch);
                }
                write(() -> out.results(batch));
            };
            errors.addAll(ruleGuests == null
                    ? engine.evaluate(profiles.hosts(), guests, progress::clustersChecked, sink)
                    : evaluatePerCluster(engine, profiles.hosts(), request.clusterGuests(), ruleGuests, warnings, progress, sink));
            progress.finished();
        }
        if (Boolean.getBoolean("cpuidmask.timing")) {
            System.err.printf("timing: catalogues %d ms, profiles %d ms (rules loaded alongside), rules ready %d ms"
                    + " later, engine %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                    (System.nanoTime() - t3) / 1_000_000);
        }
        if (header == null) {
            header = header(sources, catalogs, compiled, profiles, policyFiles);
            Report begun = header;
            write(() -> out.begin(begun));
        }
        Report report = header.with(results, errors, warnings, totals[0]);
        write(() -> out.end(report));
        return report;
    }

    /** Tool, time, rules and inputs: all a report says before its results. */
    private Report header(PolicySources sources, CatalogLoader.Loaded catalogs, ReadyEngine compiled,
                          ProfileLoader.Loaded profiles, List<String> loadedPolicyFiles) {
        List<String> policyFiles = new ArrayList<>(loadedPolicyFiles);
        if (compiled.ruleSet() != null) {
            policyFiles.addAll(0, compiled.ruleSet().files());
        }
        catalogs.files().forEach(p -> policyFiles.add(InputFiles.display(p)));
        List<Report.Input> inputs = new ArrayList<>();
        for (ProfileLoader.InputFile f : profiles.inputs()) {
            if (f.hosts().isEmpty()) {
                inputs.add(new Report.Input(f.file(), f.sha256(), null));
            }
            for (String h : f.hosts()) {
                inputs.add(new Report.Input(f.file(), f.sha256(), h));
            }
        }
        List<RuleInfo> ruleInfos = compiled.ruleSet() == null ? List.of() : compiled.ruleSet().rules();
        List<Report.RuleFolder> folders = sources.folders().stream()
                .map(f -> new Report.RuleFolder(f.label(), f.kindName(), f.sha256())).toList();
        return new Report(Version.get(), Instant.now(clock), hashFiles(policyFiles), policyFiles, ruleInfos, inputs,
                List.of(), List.of(), List.of(), folders, Report.Totals.NONE);
    }

    private static final ReportStream NO_STREAM = new ReportStream() {
        @Override
        public void begin(Report header) {
        }

        @Override
        public void results(List<ClusterResult> batch) {
        }

        @Override
        public void end(Report report) {
        }
    };

    /** A step of the stream; the stream deals with its own write failures, so one that escapes ends the run. */
    private interface Step {
        void run() throws IOException;
    }

    private static void write(Step step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each rule's guests as catalogues; an unknown id is an error at its line in the config, and left out. */
    private static Map<ClusterGuests.Rule, List<GuestCatalog>> ruleGuests(ClusterGuests config, CatalogLoader.Loaded catalogs,
                                                                         boolean complete, List<InputError> errors) {
        Map<ClusterGuests.Rule, List<GuestCatalog>> out = new IdentityHashMap<>();
        for (ClusterGuests.Rule rule : config.rules()) {
            List<GuestCatalog> list = new ArrayList<>();
            for (String id : rule.guests()) {
                GuestCatalog c = catalogs.guests().get(id);
                if (c != null) {
                    if (!list.contains(c)) {
                        list.add(c);
                    }
                } else if (complete) {
                    errors.add(new InputError(config.file(), rule.line(), "unknown guest '" + id + "'"
                            + Suggestions.didYouMean(id, catalogs.guests().keySet()) + " (known: "
                            + String.join(", ", catalogs.guests().keySet()) + ")"));
                }
            }
            out.put(rule, list);
        }
        return out;
    }

    /**
     * Clusters checked against their own guests: the clusters with the same guests are checked
     * together, as one evaluation; results in the order of one evaluation (cluster, then guest).
     * A cluster no rule matches is not checked, and a warning says so.
     */
    private static List<InputError> evaluatePerCluster(PolicyEngine engine, List<HostProfile> hosts, ClusterGuests config,
                                                       Map<ClusterGuests.Rule, List<GuestCatalog>> ruleGuests,
                                                       List<InputError> warnings, Progress progress,
                                                       Consumer<List<RuleOutcome>> sink) {
        Map<List<GuestCatalog>, List<HostProfile>> byGuests = new LinkedHashMap<>();
        Set<String> unmatched = new TreeSet<>();
        for (HostProfile h : hosts) {
            Optional<ClusterGuests.Rule> rule = config.ruleFor(h.cluster());
            if (rule.isEmpty()) {
                unmatched.add(h.cluster());
            } else if (!ruleGuests.get(rule.get()).isEmpty()) {
                byGuests.computeIfAbsent(ruleGuests.get(rule.get()), k -> new ArrayList<>()).add(h);
            }
        }
        for (String c : unmatched) {
            warnings.add(new InputError(config.file(), config.line(), "cluster '" + c
                    + "' matches no pattern under guests: not checked (add a \"*\" pattern last to check every cluster)"));
        }
        int total = (int) byGuests.values().stream().flatMap(List::stream).map(HostProfile::cluster).distinct().count();
        AtomicInteger before = new AtomicInteger();
        List<RuleOutcome> outcomes = new ArrayList<>();
        List<InputError> errors = new ArrayList<>();
        for (Map.Entry<List<GuestCatalog>, List<HostProfile>> part : byGuests.entrySet()) {
            int offset = before.get();
            PolicyEngine.Evaluation e = engine.evaluate(part.getValue(), part.getKey(),
                    (done, of) -> progress.clustersChecked(offset + done, total));
            before.addAndGet((int) part.getValue().stream().map(HostProfile::cluster).distinct().count());
            outcomes.addAll(e.outcomes());
            errors.addAll(e.errors());
        }
        // stable: each cluster's results come from one evaluation, in its guest order; handed out
        // at the end, as one batch, since each evaluation covers clusters all along the order
        outcomes.sort(Comparator.comparing(o -> o.clusterGuest().getCluster()));
        sink.accept(outcomes);
        return errors;
    }

    /** The wanted guests (all when none), in order; an unknown id is an error only when every catalogue was read. */
    public static List<GuestCatalog> selectGuests(List<String> wanted, CatalogLoader.Loaded catalogs, boolean complete)
            throws UnknownGuestException {
        if (wanted.isEmpty()) {
            return List.copyOf(catalogs.guests().values());
        }
        List<GuestCatalog> out = new ArrayList<>();
        for (String g : wanted) {
            GuestCatalog c = catalogs.guests().get(g);
            if (c != null) {
                if (!out.contains(c)) {
                    out.add(c);
                }
            } else if (complete) {
                throw new UnknownGuestException("unknown guest '" + g + "'"
                        + Suggestions.didYouMean(g, catalogs.guests().keySet()) + "; known guests: "
                        + String.join(", ", catalogs.guests().keySet()));
            }
        }
        return out;
    }

    /** SHA-256 over every policy file's name and content, in name order. */
    static String hashFiles(List<String> files) {
        Map<String, byte[]> contents = new HashMap<>();
        for (String f : files) {
            contents.put(f, TextFiles.bytesForHash(InputFiles.displayed(f)));
        }
        return Sha256.ofNamed(contents);
    }

}
