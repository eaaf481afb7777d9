package io.cpuidmask.cli;

import io.cpuidmask.files.InputFiles;
import io.cpuidmask.model.ExitCode;
import io.cpuidmask.model.InputError;
import io.cpuidmask.profile.ProfileFiles;
import io.cpuidmask.profile.dump.HostSnapshot;
import io.cpuidmask.profile.dump.ImportOptions;
import io.cpuidmask.profile.dump.ImportResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code cpuidmask snapshot}: writes the profile of the machine it runs on. */
@Command(name = "snapshot",
        description = {"Profile this machine: from /dev/cpu/0/cpuid (Linux cpuid driver), else `cpuid -1r`,"
                + " else /proc/cpuinfo (flags only, approximate). Says which source it used."})
public final class SnapshotCommand extends AbstractCommand {

    /** Which source to use; auto tries them best first. */
    public enum SourceChoice { AUTO, DEVICE, CPUID, CPUINFO }

    @Option(names = "--host", paramLabel = "NAME", description = "Host name (default: this machine's host name).")
    String host;

    @Option(names = "--cluster", paramLabel = "NAME", description = "Cluster of the host (default: default).")
    String cluster;

    @Option(names = "--source", paramLabel = "SOURCE",
            description = "Use only this source: ${COMPLETION-CANDIDATES} (default: auto, best first).")
    SourceChoice source = SourceChoice.AUTO;

    @CommandLine.Mixin
    ProfileOutput output = new ProfileOutput();

    private final HostSnapshot snapshot;

    public SnapshotCommand() {
        this(new HostSnapshot());
    }

    SnapshotCommand(HostSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    @Override
    protected ExitCode execute() {
        // Its result is the profile file: which source it used and what it wrote are diagnostics.
        PrintWriter stderr = err();
        String name = host != null && !host.isBlank() ? host.trim() : localHostName();
        HostSnapshot.Snapshot shot = snapshot.take(new ImportOptions(name, cluster, null), switch (source) {
            case AUTO -> null;
            case DEVICE -> HostSnapshot.Source.DEVICE;
            case CPUID -> HostSnapshot.Source.CPUID_TOOL;
            case CPUINFO -> HostSnapshot.Source.CPUINFO;
        });
        for (String s : shot.skipped()) {
            stderr.println("cpuidmask snapshot: not used: " + s);
        }
        ImportResult result = shot.result();
        result.warnings().forEach(w -> stderr.println((w.line() > 0 ? w.file() + ":" + w.line() : w.file())
                + ": warning: " + w.message()));
        if (!result.ok()) {
            stderr.println("cpuidmask snapshot: no source could be read");
            return ExitCode.INPUT_ERROR;
        }
        String where = result.file().equals(shot.source().title()) ? "" : " (" + result.file() + ")";
        stderr.println("source: " + shot.source().title() + where + ": " + shot.source().accuracy());
        try {
            ProfileFiles.Written w = output.files().write(result.profile(), result.comments());
            stderr.println((w.outcome() == ProfileFiles.Outcome.UNCHANGED ? "unchanged " : "wrote ")
                    + InputFiles.display(w.path()) + " (host " + result.profile().host() + ", cluster "
                    + result.profile().cluster() + ")");
            return ExitCode.OK;
        } catch (ProfileFiles.NotWritten e) {
            stderr.println(new InputError(InputFiles.display(e.path()), 0, e.getMessage()).render());
            return ExitCode.INPUT_ERROR;
        } finally {
            stderr.flush();
        }
    }

    /** The kernel's host name without asking DNS; "localhost" when none can be found. */
    private static String localHostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String h = Files.readString(kernel).trim();
                if (!h.isEmpty()) {
                    return h;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the JDK's idea of it
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
