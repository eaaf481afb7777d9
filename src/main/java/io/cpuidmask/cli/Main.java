package io.cpuidmask.cli;

import io.cpuidmask.Version;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: a thin picocli front that returns an {@link ExitCode}. */
@Command(name = "cpuidmask",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Computes the CPUID masks that let VMs live-migrate between hosts whose CPUs differ, "
                + "and checks them against a policy written in Drools rules.",
        subcommands = {CheckCommand.class, ExplainCommand.class, BaselineCommand.class, RulesCommand.class, ImportCommand.class,
            EstateCommand.class,
            SnapshotCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no failure",
            "1:a cluster FAILs (with --fail-on warning: or has a WARNING)",
            "2:usage error",
            "3:some input or rule file could not be used (the rest is still checked and reported)"})
public final class Main implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("cpuidmask: a command is required (try 'cpuidmask check')");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE.code();
    }

    /**
     * Runs the command in this JVM, always: start-up options (the class-data archive, the JIT) are the
     * launcher's to choose ({@code bin/cpuidmask} in the distribution), never a second JVM's.
     */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        // No command may pass terminal control characters from an input through to the user's terminal.
        cli.setOut(new PrintWriter(io.cpuidmask.report.SafeText.filter(out), true));
        cli.setErr(new PrintWriter(io.cpuidmask.report.SafeText.filter(err), true));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // Not a verdict: never let it pass for one (an uncaught error would exit with 1, "a cluster FAILs").
            cli.getErr().println("cpuidmask: out of memory (at most " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MiB of heap): give Java more, e.g. java -Xmx4g -jar cpuidmask.jar ..., or check fewer hosts at once");
            return ExitCode.INPUT_ERROR.code();
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("cpuidmask: internal error: " + ex);
            if (parseResult.hasMatchedOption("--debug") || (parseResult.subcommand() != null
                    && parseResult.subcommand().hasMatchedOption("--debug"))) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(run with --debug for the stack trace)");
            }
            return ExitCode.INPUT_ERROR.code();
        });
        return cli;
    }
}
