package io.cpuidmask.cli;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.model.ExitCode;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Severity;
import io.cpuidmask.report.Renderers;
import io.cpuidmask.report.Report;
import io.cpuidmask.report.ReportRenderer;
import io.cpuidmask.report.ReportStream;
import io.cpuidmask.report.ReportWriter;
import io.cpuidmask.report.SafeText;
import io.cpuidmask.report.TextReportRenderer;
import io.cpuidmask.report.TextStyle;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import io.cpuidmask.run.ClusterGuests;
import io.cpuidmask.run.Progress;
import io.cpuidmask.run.UnknownGuestException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code cpuidmask check}: computes the masks for every cluster and guest and writes the reports. */
@Command(name = "check",
        description = "Check host CPUID profiles: compute the custom mask per cluster and guest, and the risks.")
public final class CheckCommand extends AbstractCommand {

    /** What makes the run fail with exit code 1. */
    public enum FailOn { ERROR, WARNING }

    @CommandLine.Mixin
    HostPaths.OrProfiles paths = new HostPaths.OrProfiles();

    @Option(names = "--guest", paramLabel = "ID",
            description = "Guest catalogue to check against; repeatable (default: every catalogue).")
    List<String> guests = new ArrayList<>();

    @CommandLine.Mixin
    RulesCommand.PolicyFolders folders = new RulesCommand.PolicyFolders();

    @Option(names = "--format", paramLabel = "F",
            description = "Output format; repeatable: ${COMPLETION-CANDIDATES} (default: text on stdout plus json, md and html files).")
    List<Renderers.Format> formats = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for report files (default: reports/); "
            + "'-' writes the one chosen --format to stdout instead.")
    Path out = Path.of("reports");

    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "Exit 1 on: ${COMPLETION-CANDIDATES} (default: error).")
    FailOn failOn = FailOn.ERROR;

    @Option(names = {"-v", "--verbose"},
            description = "Text: every finding in full, in a block per cluster and guest with the masks as .vmx lines "
                    + "(default: a summary, a line per cluster and guest).")
    boolean verbose;

    @Option(names = "--min-severity", paramLabel = "LEVEL",
            description = "Text: list the findings of this severity and above: ${COMPLETION-CANDIDATES} (default: WARNING "
                    + "in the summary, INFO with --verbose). All are still counted, and every report file has them all.")
    Severity minSeverity;

    @Option(names = "--color", paramLabel = "WHEN",
            description = "Colour verdicts and severities in the text: ${COMPLETION-CANDIDATES} (default: auto, only when "
                    + "stdout is a terminal and NO_COLOR is not set).")
    AnsiTextStyle.When color = AnsiTextStyle.When.auto;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Project config: inputs, guests per cluster, formats, out, fail-on, site (default: "
                    + ProjectConfig.DEFAULT_FILE + " in the current folder, if there is one). Options given here win over it.")
    Path config;

    @Option(names = {"-q", "--quiet"}, description = "No progress line (it is shown only when stderr is a terminal anyway).")
    boolean quiet;

    /** Guests per cluster, from the project config; null: every cluster against {@link #guests}. */
    private ClusterGuests clusterGuests;

    @Override
    protected ExitCode execute() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ProjectConfig.Config project = null;
        Path configFile = config != null ? config
                : Files.isRegularFile(Path.of(ProjectConfig.DEFAULT_FILE)) ? Path.of(ProjectConfig.DEFAULT_FILE) : null;
        if (configFile != null) {
            ProjectConfig.Loaded loaded = ProjectConfig.load(configFile);
            // a config that cannot be read says nothing reliable about what to check, or where reports go
            if (!loaded.errors().isEmpty()) {
                loaded.errors().forEach(e -> stderr.println(SafeText.cleanLine(e.render())));
                return ExitCode.INPUT_ERROR;
            }
            project = loaded.config();
            applyConfig(project);
        }
        Set<Renderers.Format> selected = new LinkedHashSet<>(formats);
        if (selected.isEmpty()) {
            selected.addAll(Renderers.DEFAULT_FORMATS);
        }
        // Before the check, which may take a while: a wrong --out is said once, at once.
        boolean toStdout = ReportOutput.isStdout(out);
        if (toStdout && ReportOutput.stdoutProblem(selected) != null) {
            if (project != null && !given("--out") && project.out() != null) {
                stderr.println(project.where("out") + ": " + ReportOutput.stdoutProblem(selected).replace("--out -", "out: -"));
                return ExitCode.INPUT_ERROR;
            }
            throw usage(ReportOutput.stdoutProblem(selected));
        }
        if (!toStdout && selected.stream().anyMatch(f -> f != Renderers.Format.text)) {
            String problem = ReportOutput.folderProblem(out);
            if (problem != null) {
                stderr.println(SafeText.cleanLine(ReportOutput.display(out)) + ": " + problem);
                return ExitCode.INPUT_ERROR;
            }
        }
        TextStyle style = AnsiTextStyle.of(color);
        // The files of the formats that can stream are written while the engine runs: then the
        // run keeps no results unless another format needs them all.
        StreamedReports streamed = new StreamedReports();
        Map<Renderers.Format, StreamedReports.File> streamedFiles = new LinkedHashMap<>();
        Map<Renderers.Format, ReportRenderer> renderers = new LinkedHashMap<>();
        for (Renderers.Format f : selected) {
            ReportRenderer renderer = f == Renderers.Format.text
                    ? new TextReportRenderer(FeatureCatalogs.shipped(), new TextReportRenderer.Options(verbose, minSeverity, style))
                    : Renderers.forFormat(f, FeatureCatalogs.shipped(), failOn == FailOn.WARNING);
            renderers.put(f, renderer);
            if (!toStdout && renderer.fileName() != null && renderer instanceof ReportStream.Renderer s) {
                streamedFiles.put(f, streamed.add(s, out.resolve(renderer.fileName())));
            }
        }
        // the text summary keeps its lines, not the results (--verbose prints every finding: it needs them)
        TextReportRenderer.Summary summary = null;
        if (renderers.get(Renderers.Format.text) instanceof TextReportRenderer text && !verbose) {
            summary = text.summary();
            streamed.add(summary);
        }
        boolean keep = streamedFiles.size() + (summary == null ? 0 : 1) < renderers.size();
        Report report;
        try {
            // The progress line draws with terminal controls, so it writes to the terminal itself.
            Progress progress = !quiet && System.console() != null
                    ? new TerminalProgress(new PrintWriter(System.err, true)) : Progress.NONE;
            report = new CheckRun(FeatureCatalogs.shipped(), Clock.systemUTC())
                    .run(new CheckRequest(paths.get(), guests, folders.rules, folders.catalog, folders.sites, clusterGuests), progress,
                            streamed.isEmpty() ? null : streamed, keep);
        } catch (UnknownGuestException e) {
            streamed.dropAll();
            throw usage(e.getMessage());
        } catch (RuntimeException | Error e) {
            streamed.dropAll();
            throw e;
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
            streamed.dropAll();
            if (report.inputErrors().isEmpty()) {
                stderr.println(name() + ": nothing to check");
            }
            return ExitCode.INPUT_ERROR;
        }
        boolean writeFailed = false;
        for (Map.Entry<Renderers.Format, ReportRenderer> e : renderers.entrySet()) {
            Renderers.Format f = e.getKey();
            ReportRenderer renderer = e.getValue();
            try {
                if (renderer.fileName() == null || toStdout) {
                    // coloured text carries escape sequences of its own: it cleans its inputs itself
                    Writer safe = style != TextStyle.PLAIN && renderer instanceof TextReportRenderer
                            ? rawOut() : SafeText.filter(stdout);
                    if (summary != null && renderer instanceof TextReportRenderer text) {
                        text.render(report, summary, safe);
                    } else {
                        renderer.render(report, safe);
                    }
                    safe.flush();
                } else {
                    long start = System.nanoTime();
                    StreamedReports.File file = streamedFiles.get(f);
                    Path written = file != null ? file.commit() : ReportWriter.write(out, renderer, report);
                    stderr.println("wrote " + SafeText.cleanLine(written.toString().replace('\\', '/')));
                    if (Boolean.getBoolean("cpuidmask.timing")) {
                        stderr.printf("timing: %s report %d ms%s%n", f.name().toLowerCase(Locale.ROOT),
                                (System.nanoTime() - start + (file == null ? 0 : file.nanos())) / 1_000_000,
                                file == null ? "" : " (written while the engine ran)");
                    }
                }
            } catch (IOException ex) {
                // the folder was checked above: this is one file's own problem, and the other reports are still written
                stderr.println(SafeText.cleanLine(ReportOutput.display(out)) + ": cannot write " + renderer.fileName() + " ("
                        + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")");
                writeFailed = true;
            }
        }
        return writeFailed ? ExitCode.INPUT_ERROR : report.exitCode(failOn == FailOn.WARNING);
    }

    /**
     * Takes what the project config sets where the command line did not: options given on the
     * command line win, each key on its own ({@code --guest} replaces the config's guests for
     * every cluster).
     */
    private void applyConfig(ProjectConfig.Config project) {
        if (paths.paths.isEmpty() && project.inputs() != null) {
            paths.paths = project.inputs();
        }
        if (guests.isEmpty() && project.guests() != null) {
            clusterGuests = project.guests();
        }
        if (formats.isEmpty() && project.formats() != null) {
            formats = project.formats();
        }
        if (!given("--out") && project.out() != null) {
            out = project.out();
        }
        if (!given("--fail-on") && project.failOn() != null) {
            failOn = project.failOn();
        }
        if (folders.sites.isEmpty() && project.site() != null) {
            folders.sites = project.site();
        }
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }
}
