package io.cpuidmask.cli;

import io.cpuidmask.bench.EstateGenerator;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cpuidmask estate}: writes a synthetic estate of real CPUs, for benchmarks and load tests. */
@Command(name = "estate",
        description = "Generate a realistic estate for benchmarks: HOSTS hosts in CLUSTERS clusters, drawn from the "
                + "CPU profiles in --from (default profiles/), one YAML file per cluster.")
public final class EstateCommand extends AbstractCommand {

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

    @Option(names = "--libvirt-cpus", paramLabel = "FILE",
            description = "Also write the hosts as libvirt host-CPU XML, for virsh cpu-baseline --features FILE.")
    Path libvirtCpus;

    @Override
    protected ExitCode execute() throws Exception {
        if (hosts < 1 || clusters < 1 || clusters > hosts) {
            throw usage("need 1 <= clusters <= hosts");
        }
        var files = EstateGenerator.fromProfiles(from).write(out, hosts, clusters, seed);
        err().printf("wrote %,d hosts in %,d clusters to %s%n", hosts, files.size(), out);
        if (libvirtCpus != null) {
            var loaded = new io.cpuidmask.profile.ProfileLoader().load(java.util.List.of(out));
            try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(libvirtCpus)) {
                new io.cpuidmask.baseline.LibvirtHostCpus(io.cpuidmask.baseline.BaselineCalculator.shipped())
                        .write(loaded.hosts(), w);
            }
            err().printf("wrote %,d host CPUs as libvirt XML to %s%n", loaded.hosts().size(), libvirtCpus);
        }
        return ExitCode.OK;
    }
}
