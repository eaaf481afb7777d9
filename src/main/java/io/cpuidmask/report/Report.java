package io.cpuidmask.report;

import io.cpuidmask.model.ExitCode;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.RuleInfo;
import io.cpuidmask.model.Severity;
import io.cpuidmask.model.Status;
import io.cpuidmask.result.ClusterResult;
import java.time.Instant;
import java.util.List;

/**
 * Everything one run found, in the order every renderer shows it: the rules and inputs used,
 * one result per cluster and guest, and the input problems.
 */
public record Report(String toolVersion, Instant generatedAt, String rulesSha256, List<String> ruleFiles,
                     List<RuleInfo> rules, List<Input> inputs, List<ClusterResult> clusters, List<InputError> inputErrors,
                     List<InputError> inputWarnings, List<RuleFolder> ruleFolders) {

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

    public Report {
        ruleFolders = List.copyOf(ruleFolders);
        ruleFiles = List.copyOf(ruleFiles);
        rules = List.copyOf(rules);
        inputs = List.copyOf(inputs);
        clusters = List.copyOf(clusters);
        inputErrors = inputErrors.stream().sorted().toList();
        inputWarnings = inputWarnings.stream().sorted().toList();
    }

    public long count(Status status) {
        return clusters.stream().filter(c -> c.status() == status).count();
    }

    /** Findings of a severity that count (waived findings do not). */
    public long count(Severity severity) {
        return clusters.stream().flatMap(c -> c.findings().stream())
                .filter(f -> f.getSeverity() == severity && !f.isWaived()).count();
    }

    public long countWaived() {
        return clusters.stream().flatMap(c -> c.findings().stream()).filter(f -> f.isWaived()).count();
    }

    /** Nothing could be checked (no hosts, no usable rules or catalogues): a run that must not replace a report. */
    public boolean checkedNothing() {
        return clusters.isEmpty();
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
