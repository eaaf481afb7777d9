package io.cpuidmask.cli;

import io.cpuidmask.Version;
import io.cpuidmask.catalog.FeatureCatalog;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Severity;
import io.cpuidmask.model.Status;
import io.cpuidmask.report.Report;
import io.cpuidmask.report.ReportRenderer;
import io.cpuidmask.report.ReportWriter;
import io.cpuidmask.report.Renderers;
import io.cpuidmask.report.SafeText;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import io.cpuidmask.run.Progress;
import io.cpuidmask.run.UnknownGuestException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cpuidmask check}: computes the masks for every cluster and guest and writes the reports. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Check host CPUID profiles: compute the custom mask per cluster and guest, and the risks.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no failure",
            "1:a cluster FAILs (with --fail-on warning: or has a WARNING)",
            "2:usage error",
            "3:some input or rule file could not be used (the rest is still checked and reported), "
                + "or nothing could be checked (no report is written then)"})
public final class CheckCommand implements Callable<Integer> {

    /** What makes the run fail with exit code 1. */
    public enum FailOn { ERROR, WARNING }

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Host profiles (.yaml/.yml) or folders, searched recursively (default: profiles/).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--guest", paramLabel = "ID",
            description = "Guest catalogue to check against; repeatable (default: every catalogue).")
    List<String> guests = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Rules folder to use instead of the shipped policy; repeatable, merged (default: the shipped policy).")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--site", paramLabel = "DIR",
            description = "Site folder layered on top of the policy (DRL, policy.yaml, waivers.yaml, tests/, masks/; no DRL needed); repeatable.")
    List<Path> sites = new ArrayList<>();

    @Option(names = "--catalog", paramLabel = "DIR",
            description = "Folder of guest mask catalogues (default: masks/ of the shipped policy, or of the first --rules folder that has one).")
    Path catalog;

    @Option(names = "--format", paramLabel = "F",
            description = "Output format; repeatable: ${COMPLETION-CANDIDATES} (default: text on stdout plus json, md and html files).")
    List<Renderers.Format> formats = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for report files (default: reports/).")
    Path out = Path.of("reports");

    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "Exit 1 on: ${COMPLETION-CANDIDATES} (default: error).")
    FailOn failOn = FailOn.ERROR;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    @Option(names = {"-q", "--quiet"}, description = "No progress line (it is shown only when stderr is a terminal anyway).")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        List<Path> inputs = paths.isEmpty() ? List.of(Path.of("profiles")) : paths;
        Report report;
        try {
            // The progress line draws with terminal controls, so it writes to the terminal itself.
            Progress progress = !quiet && System.console() != null
                    ? new TerminalProgress(new PrintWriter(System.err, true)) : Progress.NONE;
            report = new CheckRun(FeatureCatalog.shipped(), Clock.systemUTC())
                    .run(new CheckRequest(inputs, guests, rules, catalog, sites), progress);
        } catch (UnknownGuestException e) {
            stderr.println("cpuidmask: " + e.getMessage());
            return ExitCode.USAGE.code();
        }
        // Input text reaches the terminal: control and bidirectional characters are shown, not obeyed.
        for (InputError e : report.inputErrors()) {
            stderr.println(SafeText.cleanLine(e.render()));
        }
        for (InputError w : report.inputWarnings()) {
            stderr.println("warning: " + SafeText.cleanLine(w.render()));
        }
        if (report.checkedNothing()) {
            // Nothing was checked: no summary, and the reports of the last good run stay as they are.
            if (report.inputErrors().isEmpty()) {
                stderr.println("cpuidmask: nothing to check");
            }
            return ExitCode.INPUT_ERROR.code();
        }
        Set<Renderers.Format> selected = new LinkedHashSet<>(formats);
        if (selected.isEmpty()) {
            selected.addAll(Renderers.DEFAULT_FORMATS);
        }
        boolean writeFailed = false;
        for (Renderers.Format f : selected) {
            ReportRenderer renderer = Renderers.forFormat(f, FeatureCatalog.shipped(), failOn == FailOn.WARNING);
            try {
                if (renderer.fileName() == null) {
                    java.io.Writer safe = SafeText.filter(stdout);
                    renderer.render(report, safe);
                    safe.flush();
                } else {
                    long start = System.nanoTime();
                    Path written = ReportWriter.write(out, renderer, report);
                    stderr.println("wrote " + SafeText.cleanLine(written.toString().replace('\\', '/')));
                    if (Boolean.getBoolean("cpuidmask.timing")) {
                        stderr.printf("timing: %s report %d ms%n", f.name().toLowerCase(java.util.Locale.ROOT),
                                (System.nanoTime() - start) / 1_000_000);
                    }
                }
            } catch (IOException e) {
                stderr.println(out.toString().replace('\\', '/') + ": cannot write " + renderer.fileName() + " ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                writeFailed = true;
            }
        }
        return exitCode(report, writeFailed).code();
    }

    private ExitCode exitCode(Report report, boolean writeFailed) {
        if (writeFailed || !report.inputErrors().isEmpty()) {
            return ExitCode.INPUT_ERROR;
        }
        boolean fail = report.count(Status.FAIL) > 0
                || (failOn == FailOn.WARNING && report.count(Severity.WARNING) > 0);
        return fail ? ExitCode.POLICY_FAILURE : ExitCode.OK;
    }
}
