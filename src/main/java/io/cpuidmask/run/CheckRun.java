package io.cpuidmask.run;

import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.FeatureCatalog;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.Version;
import io.cpuidmask.engine.PolicyEngine;
import io.cpuidmask.engine.PolicyLoader;
import io.cpuidmask.engine.RuleCompiler;
import io.cpuidmask.engine.RuleInfo;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.profile.InputFiles;
import io.cpuidmask.profile.ProfileLoader;
import io.cpuidmask.report.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        List<InputError> errors = new ArrayList<>();
        long t0 = System.nanoTime();
        io.cpuidmask.engine.PolicySources sources = request.policy();
        errors.addAll(sources.errors());
        CatalogLoader.Loaded catalogs = new CatalogLoader().load(sources.catalogFolders());
        errors.addAll(catalogs.errors());
        // An unknown --guest is a usage error only when the catalogues could all be read.
        List<GuestCatalog> guests = selectGuests(request.guests(), catalogs,
                errors.isEmpty() && !sources.catalogFolders().isEmpty());

        // The rules load (from the cache, or compiled) while the profiles are read: both take a while.
        java.util.concurrent.CompletableFuture<RuleCompiler.Result> rules = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> new RuleCompiler().compile(sources), CheckRun::startThread);
        long t1 = System.nanoTime();
        ProfileLoader.Loaded profiles = new ProfileLoader().load(request.inputs());
        long t2 = System.nanoTime();
        RuleCompiler.Result compiled = Futures.join(rules);
        errors.addAll(compiled.errors());
        errors.addAll(profiles.errors());

        List<io.cpuidmask.engine.ClusterResult> results = List.of();
        List<String> policyFiles = new ArrayList<>();
        long t3 = System.nanoTime();
        if (compiled.ok()) {
            PolicyLoader.Loaded policy = new PolicyLoader().load(sources.policyFolders(), compiled.ruleSet(),
                    LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
            errors.addAll(policy.errors());
            policyFiles.addAll(policy.files());
            PolicyEngine engine = new PolicyEngine(compiled.ruleSet(), features, policy.policy());
            progress.hostsRead(profiles.hosts().size(),
                    (int) profiles.hosts().stream().map(HostProfile::cluster).distinct().count());
            PolicyEngine.Evaluation evaluation = engine.evaluate(profiles.hosts(), guests, progress::clustersChecked);
            progress.finished();
            results = evaluation.results();
            errors.addAll(evaluation.errors());
        }
        if (Boolean.getBoolean("cpuidmask.timing")) {
            System.err.printf("timing: catalogues %d ms, profiles %d ms (rules loaded alongside), rules ready %d ms"
                    + " later, engine %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                    (System.nanoTime() - t3) / 1_000_000);
        }
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
                results, errors, profiles.warnings(), folders);
    }

    private static void startThread(Runnable task) {
        Thread t = new Thread(task, "cpuidmask-rules");
        t.setDaemon(true);
        t.start();
    }

    private static List<GuestCatalog> selectGuests(List<String> wanted, CatalogLoader.Loaded catalogs, boolean complete)
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
                throw new UnknownGuestException("unknown guest '" + g + "'; known guests: "
                        + String.join(", ", catalogs.guests().keySet()));
            }
        }
        return out;
    }

    /** SHA-256 over every policy file's name and content, in name order. */
    static String hashFiles(List<String> files) {
        Map<String, byte[]> contents = new java.util.HashMap<>();
        for (String f : files) {
            contents.put(f, io.cpuidmask.yaml.TextFiles.bytesForHash(InputFiles.displayed(f)));
        }
        return io.cpuidmask.Sha256.ofNamed(contents);
    }

}
