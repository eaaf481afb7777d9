package io.cpuidmask.report;

import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.ExitCode;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.RuleInfo;
import io.cpuidmask.model.Severity;
import io.cpuidmask.model.Status;
import io.cpuidmask.result.ClusterResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one run found, in the order every renderer shows it: the rules and inputs used,
 * one result per cluster and guest, and the input problems; and the {@link Totals} of the results.
 * A run whose reports were all written as it went ({@link ReportStream}) keeps no results: then
 * {@code clusters} is empty and only the totals say what there was.
 */
public record Report(String toolVersion, Instant generatedAt, String rulesSha256, List<String> ruleFiles,
                     List<RuleInfo> rules, List<Input> inputs, List<ClusterResult> clusters, List<InputError> inputErrors,
                     List<InputError> inputWarnings, List<RuleFolder> ruleFolders, Totals totals) {

    /** How many results there were, by verdict, and their findings by severity (waived ones apart). */
    public record Totals(long checks, long pass, long masked, long risky, long fail,
                         long errors, long warnings, long infos, long waived) {

        public static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0);

        public static Totals of(List<ClusterResult> results) {
            return NONE.plus(results);
        }

        /** These totals and those of more results. */
        public Totals plus(List<ClusterResult> results) {
            long[] status = {pass, masked, risky, fail};
            long[] severity = {errors, warnings, infos};
            long w = waived;
            for (ClusterResult c : results) {
                status[c.status().ordinal()]++;
                for (Finding f : c.findings()) {
                    if (f.isWaived()) {
                        w++;
                    } else {
                        severity[f.getSeverity().ordinal()]++;
                    }
                }
            }
            return new Totals(checks + results.size(), status[0], status[1], status[2], status[3],
                    severity[0], severity[1], severity[2], w);
        }

        long count(Status s) {
            return switch (s) {
                case PASS -> pass;
                case MASKED -> masked;
                case RISKY -> risky;
                case FAIL -> fail;
            };
        }

        long count(Severity s) {
            return switch (s) {
                case ERROR -> errors;
                case WARNING -> warnings;
                case INFO -> infos;
            };
        }
    }

    /** An input file and one host it gave (host null when it gave none). */
    public record Input(String file, String sha256, String host) {
    }

    /**
     * A folder whose files decided: {@code shipped:cpuidmask-VERSION} or the path given, its kind
     * (shipped, rules, site, catalog) and the SHA-256 of its policy files.
     */
    public record RuleFolder(String folder, String kind, String sha256) {
    }

    public Report(String toolVersion, Instant generatedAt, String rulesSha256, List<String> ruleFiles,
                  List<RuleInfo> rules, List<Input> inputs, List<ClusterResult> clusters, List<InputError> inputErrors,
                  List<InputError> inputWarnings) {
        this(toolVersion, generatedAt, rulesSha256, ruleFiles, rules, inputs, clusters, inputErrors, inputWarnings, List.of());
    }

    /** A report of all its results: the totals are theirs. */
    public Report(String toolVersion, Instant generatedAt, String rulesSha256, List<String> ruleFiles,
                  List<RuleInfo> rules, List<Input> inputs, List<ClusterResult> clusters, List<InputError> inputErrors,
                  List<InputError> inputWarnings, List<RuleFolder> ruleFolders) {
        this(toolVersion, generatedAt, rulesSha256, ruleFiles, rules, inputs, clusters, inputErrors, inputWarnings,
                ruleFolders, Totals.of(clusters));
    }

    public Report {
        ruleFolders = List.copyOf(ruleFolders);
        ruleFiles = List.copyOf(ruleFiles);
        rules = List.copyOf(rules);
        inputs = List.copyOf(inputs);
        clusters = List.copyOf(clusters);
        inputErrors = inputErrors.stream().sorted().toList();
        inputWarnings = inputWarnings.stream().sorted().toList();
        Objects.requireNonNull(totals, "totals");
        if (!clusters.isEmpty() && clusters.size() != totals.checks()) {
            throw new IllegalArgumentException(clusters.size() + " results kept, but the totals count " + totals.checks());
        }
    }

    /** This report's header (tools, rules, inputs) with other results and problems. */
    public Report with(List<ClusterResult> clusters, List<InputError> inputErrors, List<InputError> inputWarnings,
                       Totals totals) {
        return new Report(toolVersion, generatedAt, rulesSha256, ruleFiles, rules, inputs, clusters, inputErrors,
                inputWarnings, ruleFolders, totals);
    }

    public long count(Status status) {
        return totals.count(status);
    }

    /** Findings of a severity that count (waived findings do not). */
    public long count(Severity severity) {
        return totals.count(severity);
    }

    public long countWaived() {
        return totals.waived();
    }

    /** Nothing could be checked (no hosts, no usable rules or catalogues): a run that must not replace a report. */
    public boolean checkedNothing() {
        return totals.checks() == 0;
    }

    /**
     * The run's exit code: 3 when some input could not be used or nothing was checked, 1 when a
     * cluster FAILs (or, with {@code failOnWarning}, has a WARNING that is not waived), else 0.
     */
    public ExitCode exitCode(boolean failOnWarning) {
        if (!inputErrors.isEmpty() || checkedNothing()) {
            return ExitCode.INPUT_ERROR;
        }
        boolean fail = count(Status.FAIL) > 0 || (failOnWarning && count(Severity.WARNING) > 0);
        return fail ? ExitCode.POLICY_FAILURE : ExitCode.OK;
    }

    public long hostCount() {
        return inputs.stream().filter(i -> i.host() != null).count();
    }
}
