package io.cpuidmask.cli;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.model.ExitCode;
import io.cpuidmask.model.Suggestions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point: a thin picocli front that returns an {@link ExitCode}. */
@Command(subcommands = {CheckCommand.class, ExplainCommand.class, BaselineCommand.class, GuestsCommand.class,
    PlanCommand.class, RulesCommand.class, ImportCommand.class, EstateCommand.class, SnapshotCommand.class,
    CommandLine.HelpCommand.class})
public final class Main extends RootCommand {

    /**
     * The program's name in usage lines and messages ({@code Usage: cpuidmask check ...}, {@code
     * cpuidmask check: ...}): the launcher the distribution installs.
     */
    public static final String NAME = "cpuidmask";

    /** The commands that read the shipped feature catalogue: it is read while their command line is parsed. */
    private static final Set<Class<?>> FEATURE_COMMANDS = Set.of(CheckCommand.class, PlanCommand.class,
            ExplainCommand.class, BaselineCommand.class, RulesCommand.class);

    /**
     * Runs the command in this JVM, always: start-up options (the class-data archive, the JIT) are the
     * launcher's to choose ({@code bin/cpuidmask} in the distribution), never a second JVM's.
     */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        Class<?> named = namedCommand(args);
        if (named != null && FEATURE_COMMANDS.contains(named) && !asksForHelp(args)) {
            FeatureCatalogs.readInBackground();
        }
        CommandLine cli = commandLine(args);
        // No command may pass terminal control characters from an input through to the user's terminal.
        cli.setOut(new FilteredWriter(out));
        cli.setErr(new FilteredWriter(err));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // Not a verdict: never let it pass for one (an uncaught error would exit with 1, "a cluster FAILs").
            cli.getErr().println("cpuidmask: out of memory (at most " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MiB of heap): give Java more, e.g. java -Xmx4g -jar cpuidmask.jar ..., or check fewer hosts at once");
            return ExitCode.INPUT_ERROR.code();
        }
    }

    /** Every command. */
    static CommandLine commandLine() {
        return configured(new CommandLine(new Main()));
    }

    /**
     * The command line for these arguments. When they name a command, only that command's model is
     * built: picocli reflects over every command it is given, and the other commands' models would
     * cost a short run a good part of its start-up. Help, no command, or a word to suggest a command
     * for get them all.
     */
    static CommandLine commandLine(String... args) {
        Class<?> named = namedCommand(args);
        if (named == null) {
            return commandLine();
        }
        CommandLine cli = new CommandLine(new RootCommand());
        cli.addSubcommand(new CommandLine(named)); // a CommandLine of its own: picocli applies its model transformer
        return configured(cli);
    }

    /** --help or --version: the command prints its usage or the version and reads nothing. */
    private static boolean asksForHelp(String... args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (List.of("-h", "--help", "-V", "--version").contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** The subcommand the first word that is not an option names, or null (none, help, unknown). */
    static Class<?> namedCommand(String... args) {
        for (String a : args) {
            if (a.equals("--")) {
                return null;
            }
            if (!a.startsWith("-")) {
                for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
                    Command command = c.getAnnotation(Command.class);
                    boolean names = command.name().equals(a) || List.of(command.aliases()).contains(a);
                    if (names && c != CommandLine.HelpCommand.class) {
                        return c;
                    }
                }
                return null;
            }
        }
        return null;
    }

    private static CommandLine configured(CommandLine cli) {
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(NAME + ": internal error: " + ex);
            if (debug(parseResult)) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(run with --debug for the stack trace)");
            }
            return ExitCode.INPUT_ERROR.code();
        });
        return cli;
    }

    /** --debug anywhere on the command line: before the command, or after it or a subcommand. */
    private static boolean debug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A usage error in a few lines, as picocli's documentation recommends over the whole help: what
     * is wrong, with the nearest known name when the mistake looks like a typo, and where help is.
     */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage() + suggestion(ex));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCode.USAGE.code();
    }

    /** " (did you mean '--format'?)" for a mistyped option, command or option value; else "". */
    static String suggestion(CommandLine.ParameterException ex) {
        CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String typed = u.getUnmatched().get(0);
            List<String> known = new ArrayList<>();
            if (u.isUnknownOption()) {
                typed = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
                for (CommandLine.Model.OptionSpec o : spec.options()) {
                    if (!o.hidden()) {
                        known.addAll(List.of(o.names()));
                    }
                }
            } else {
                spec.subcommands().forEach((name, sub) -> {
                    if (!sub.getCommandSpec().usageMessage().hidden()) {
                        known.add(name);
                    }
                });
            }
            String near = Suggestions.didYouMean(typed, known);
            // picocli's own (same prefix, or similar command names) when edit distance finds none
            return !near.isEmpty() || u.getSuggestions().isEmpty() ? near : " (did you mean '" + u.getSuggestions().get(0) + "'?)";
        }
        CommandLine.Model.ArgSpec arg = ex.getArgSpec();
        if (arg != null && ex.getValue() != null && arg.completionCandidates() != null) {
            List<String> known = new ArrayList<>();
            arg.completionCandidates().forEach(known::add);
            return Suggestions.didYouMean(ex.getValue(), known);
        }
        return "";
    }
}
