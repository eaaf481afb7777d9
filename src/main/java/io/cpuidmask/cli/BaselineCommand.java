package io.cpuidmask.cli;

import io.cpuidmask.baseline.BaselineCalculator;
import io.cpuidmask.baseline.BaselineJsonWriter;
import io.cpuidmask.baseline.BaselineTextWriter;
import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.model.ExitCode;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Version;
import io.cpuidmask.profile.ProfileLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code cpuidmask baseline}: the named baseline (common features, x86-64 level, CPU model, EVC mode) per cluster. */
@Command(name = "baseline",
        description = "Per cluster: the features all hosts share, the x86-64 level, the closest libvirt/QEMU CPU model "
                + "and the VMware EVC mode they can run.")
public final class BaselineCommand extends AbstractCommand {

    @CommandLine.Mixin
    HostPaths.OrProfiles paths = new HostPaths.OrProfiles();

    @CommandLine.Mixin
    StdoutFormat format = new StdoutFormat();

    @Override
    protected ExitCode execute() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ProfileLoader.Loaded loaded = new ProfileLoader().load(paths.get());
        List<ClusterBaseline> clusters = BaselineCalculator.shipped().compute(loaded.hosts());
        for (InputError e : loaded.errors()) {
            stderr.println(e.render());
        }
        if (format.json()) {
            new BaselineJsonWriter().write(Version.get(), clusters, loaded.errors(), stdout);
        } else {
            new BaselineTextWriter().write(clusters, loaded.errors(), stdout);
        }
        return loaded.errors().isEmpty() ? ExitCode.OK : ExitCode.INPUT_ERROR;
    }
}
