package io.cpuidmask.cli;

import io.cpuidmask.model.ExitCode;
import picocli.CommandLine.Command;

/**
 * The {@code cpuidmask} command itself, without its subcommands: {@link Main} adds them all (help,
 * man pages, completion), and a run that names its command gets only that one
 * ({@link Main#commandLine(String...)}). picocli applies this {@code @Command} to {@link Main} too.
 */
@Command(name = Main.NAME,
        description = "Computes the CPUID masks that let VMs live-migrate between hosts whose CPUs differ, "
                + "and checks them against a policy written in Drools rules.")
class RootCommand extends AbstractCommand {

    @Override
    protected ExitCode execute() {
        err().println(name() + ": a command is required, e.g. '" + name() + " check'");
        spec.commandLine().usage(err());
        return ExitCode.USAGE;
    }
}
