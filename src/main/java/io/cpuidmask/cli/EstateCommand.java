package io.cpuidmask.cli;

import io.cpuidmask.baseline.BaselineCalculator;
import io.cpuidmask.baseline.LibvirtHostCpus;
import io.cpuidmask.bench.EstateGenerator;
import io.cpuidmask.model.ExitCode;
import io.cpuidmask.profile.ProfileLoader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
            var loaded = new ProfileLoader().load(List.of(out));
            try (Writer w = Files.newBufferedWriter(libvirtCpus)) {
                new LibvirtHostCpus(BaselineCalculator.shipped())
                        .write(loaded.hosts(), w);
            }
            err().printf("wrote %,d host CPUs as libvirt XML to %s%n", loaded.hosts().size(), libvirtCpus);
        }
        return ExitCode.OK;
    }
}
