package io.cpuidmask.cli;

import io.cpuidmask.Version;
import io.cpuidmask.bench.EstateGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cpuidmask estate}: writes a synthetic estate of real CPUs, for benchmarks and load tests. */
@Command(name = "estate", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Generate a realistic estate for benchmarks: HOSTS hosts in CLUSTERS clusters, drawn from the "
                + "CPU profiles in --from (default profiles/), one YAML file per cluster.")
public final class EstateCommand implements Callable<Integer> {

    @Option(names = "--hosts", required = true, description = "Number of hosts.")
    int hosts;

    @Option(names = "--clusters", required = true, description = "Number of clusters.")
    int clusters;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the profiles to.")
    Path out;

    @Option(names = "--from", paramLabel = "DIR", description = "Profiles whose CPUs the hosts copy (default: profiles/).")
    Path from = Path.of("profiles");

    @Option(names = "--seed", description = "Random seed (default: 1).")
    long seed = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (hosts < 1 || clusters < 1 || clusters > hosts) {
            spec.commandLine().getErr().println("cpuidmask estate: need 1 <= clusters <= hosts");
            return ExitCode.USAGE.code();
        }
        var files = EstateGenerator.fromProfiles(from).write(out, hosts, clusters, seed);
        spec.commandLine().getOut().printf("wrote %,d hosts in %,d clusters to %s%n", hosts, files.size(), out);
        return ExitCode.OK.code();
    }
}
