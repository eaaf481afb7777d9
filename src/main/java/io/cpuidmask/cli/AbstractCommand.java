package io.cpuidmask.cli;

import io.cpuidmask.model.ExitCode;
import io.cpuidmask.model.Version;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * What every cpuidmask command shares, declared once (as PMD 7's AbstractPmdSubcommand does):
 * {@code --help}, {@code --version}, {@code --debug}, and the exit-code help section, built from
 * {@link ExitCode}. picocli applies a superclass's {@code @Command} attributes, options and model
 * transformer to each subclass, so a command only says what is its own.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = AbstractCommand.VersionProvider.class, modelTransformer = AbstractCommand.SharedHelp.class)
public abstract class AbstractCommand implements Callable<Integer> {

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        return execute().code();
    }

    /** Runs the command; a usage error is thrown as a {@link CommandLine.ParameterException} ({@link #usage}). */
    protected abstract ExitCode execute() throws Exception;

    /** Results. */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /**
     * Results past the control-character filter, for output that cleans its inputs itself and
     * writes escape sequences of its own (colour).
     */
    protected PrintWriter rawOut() {
        return out() instanceof FilteredWriter f ? f.raw() : out();
    }

    /** Diagnostics: errors, warnings, progress, the files written. */
    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The command as typed, from the root's name: {@code cpuidmask rules list}. */
    protected String name() {
        return spec.qualifiedName();
    }

    /** A usage error (exit 2), printed like picocli's own: the message, then where help is. */
    protected CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Puts the exit codes, from {@link ExitCode}, into the help of every command. */
    /** {@code --version}: the build's version. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cpuidmask " + Version.get()};
        }
    }

    public static final class SharedHelp implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.helpList());
            return spec;
        }
    }
}
