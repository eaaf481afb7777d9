package io.cpuidmask.cli;

import io.cpuidmask.baseline.BaselineCalculator;
import io.cpuidmask.baseline.LibvirtHostCpus;
import io.cpuidmask.bench.EstateGenerator;
import io.cpuidmask.files.InputFiles;
import io.cpuidmask.model.ExitCode;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.profile.ProfileLoader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cpuidmask estate}: writes a synthetic estate of real CPUs, for benchmarks and load tests. */
@Command(name = "estate",
        description = "Generate a realistic estate for benchmarks: HOSTS hosts in CLUSTERS clusters, one YAML file per "
                + "cluster. The hosts are drawn from CPU kinds: the real CPUs in --cpus (profiles or CPUID dumps, default "
                + "profiles/) and variants of them (another stepping, firmware and microcode bits switched), each "
                + "cluster of distinct kinds of one vendor.")
public final class EstateCommand extends AbstractCommand {

    @Option(names = "--hosts", required = true, description = "Number of hosts.")
    int hosts;

    @Option(names = "--clusters", required = true, description = "Number of clusters.")
    int clusters;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the profiles to.")
    Path out;

    @Option(names = {"--cpus", "--from"}, paramLabel = "DIR",
            description = "Profiles or CPUID dumps of the real CPUs the kinds are built from (default: profiles/).")
    Path from = Path.of("profiles");

    @Option(names = "--kinds", paramLabel = "N",
            description = "CPU kinds: the real CPUs, then variants of them (default: ${DEFAULT-VALUE}).")
    int kinds = EstateGenerator.Shape.DEFAULT.kinds();

    @Option(names = "--cpus-per-cluster", paramLabel = "N",
            description = "Distinct CPU kinds in each cluster, fewer where a cluster has fewer hosts (default: ${DEFAULT-VALUE}).")
    int cpusPerCluster = EstateGenerator.Shape.DEFAULT.cpusPerCluster();

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
        if (kinds < 1 || cpusPerCluster < 1) {
            throw usage("need --kinds and --cpus-per-cluster of at least 1");
        }
        ProfileLoader.Loaded real = new ProfileLoader(null).load(List.of(from));
        real.errors().forEach(e -> err().println(e.render()));
        List<HostProfile> cpus = EstateGenerator.usable(real.hosts());
        if (cpus.isEmpty()) {
            err().println(InputFiles.display(from) + ": no CPU to build kinds from (a profile or dump with leaf 0)");
            return ExitCode.INPUT_ERROR;
        }
        var written = new EstateGenerator(cpus)
                .write(out, hosts, clusters, seed, new EstateGenerator.Shape(kinds, cpusPerCluster));
        err().printf("wrote %,d hosts in %,d clusters to %s, of %,d CPU kinds from %,d real CPUs%n", hosts,
                written.files().size(), out, written.kinds(), cpus.size());
        if (libvirtCpus != null) {
            var loaded = new ProfileLoader().load(List.of(out));
            try (Writer w = Files.newBufferedWriter(libvirtCpus)) {
                new LibvirtHostCpus(BaselineCalculator.shipped())
                        .write(loaded.hosts(), w);
            }
            err().printf("wrote %,d host CPUs as libvirt XML to %s%n", loaded.hosts().size(), libvirtCpus);
        }
        return real.errors().isEmpty() ? ExitCode.OK : ExitCode.INPUT_ERROR;
    }
}
