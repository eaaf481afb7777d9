package io.cpuidmask.bench;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.profile.ProfileLoader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates realistic estates for benchmarks: clusters of hosts drawn from CPU kinds built from
 * real CPUs (the given profiles or CPUID dumps, e.g. the shipped profiles or a folder of dumps),
 * {@link CpuKinds} (firmware, microcode and stepping variants), a few distinct kinds per cluster,
 * vendors never mixed. One multi-document YAML file per cluster. Deterministic for a given seed.
 */
public final class EstateGenerator {

    /** The shape of an estate: how many CPU kinds there are and how many distinct ones each cluster has. */
    public record Shape(int kinds, int cpusPerCluster) {

        public static final Shape DEFAULT = new Shape(400, 3);

        public Shape {
            if (kinds < 1 || cpusPerCluster < 1) {
                throw new IllegalArgumentException("need at least one CPU kind, and one per cluster");
            }
        }
    }

    /** What was written: one file per cluster, and how many CPU kinds the hosts were drawn from. */
    public record Written(List<Path> files, int kinds) {

        public Written {
            files = List.copyOf(files);
        }
    }

    private final List<HostProfile> cpus;

    public EstateGenerator(List<HostProfile> cpus) {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("no CPU profiles to draw hosts from");
        }
        this.cpus = List.copyOf(cpus);
    }

    /** Real CPUs from the profiles and dumps under {@code folder}. */
    public static EstateGenerator fromProfiles(Path folder) {
        return new EstateGenerator(usable(new ProfileLoader(null).load(List.of(folder)).hosts()));
    }

    /** The hosts a kind can copy: those with leaf 0, whose vendor is known. */
    public static List<HostProfile> usable(List<HostProfile> hosts) {
        return hosts.stream()
                .filter(h -> h.vendor() != null && h.registers().containsKey(RegisterKey.of(0, Register.EAX)))
                .toList();
    }

    /** As {@link #write(Path, int, int, long, Shape)} with the default shape. */
    public Written write(Path out, int hosts, int clusters, long seed) throws IOException {
        return write(out, hosts, clusters, seed, Shape.DEFAULT);
    }

    /** Writes {@code hosts} hosts in {@code clusters} clusters under {@code out}. */
    public Written write(Path out, int hosts, int clusters, long seed, Shape shape) throws IOException {
        Files.createDirectories(out);
        Random random = new Random(seed);
        List<HostProfile> kinds = CpuKinds.of(cpus, shape.kinds(), FeatureCatalogs.shipped(), random);
        List<HostProfile> intel = kinds.stream().filter(h -> "GenuineIntel".equals(h.vendor())).toList();
        List<HostProfile> amd = kinds.stream().filter(h -> "AuthenticAMD".equals(h.vendor())).toList();
        List<Path> files = new ArrayList<>();
        int written = 0;
        for (int c = 0; c < clusters; c++) {
            int size = hosts / clusters + (c < hosts % clusters ? 1 : 0);
            List<HostProfile> pool = (c % 2 == 0 || amd.isEmpty()) && !intel.isEmpty() ? intel
                    : amd.isEmpty() ? kinds : amd;
            List<HostProfile> chosen = new ArrayList<>();
            int count = Math.min(Math.min(shape.cpusPerCluster(), size), pool.size());
            while (chosen.size() < count) {
                HostProfile k = pool.get(random.nextInt(pool.size()));
                if (!chosen.contains(k)) {
                    chosen.add(k);
                }
            }
            String cluster = String.format("cluster-%05d", c);
            Path file = out.resolve(cluster + ".yaml");
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (int h = 0; h < size; h++) {
                    // Every chosen kind has a host; the rest are drawn at random.
                    HostProfile kind = chosen.get(h < count ? h : random.nextInt(count));
                    if (h > 0) {
                        w.write("---\n");
                    }
                    writeHost(w, String.format("host-%07d.%s", written++, cluster), cluster, kind);
                }
            }
            files.add(file);
        }
        return new Written(files, kinds.size());
    }

    private static void writeHost(BufferedWriter w, String name, String cluster, HostProfile kind) throws IOException {
        w.write("host: " + name + "\ncluster: " + cluster + "\nvendor: " + kind.vendor() + "\n");
        w.write("description: \"" + kind.description().replace("\\", "/").replace("\"", "'") + "\"\n");
        if (kind.microcode() != null) {
            w.write(String.format("microcode: 0x%x%n", kind.microcode()));
        }
        w.write("cpuid:\n");
        long leaf = -1;
        int sub = -1;
        for (Map.Entry<RegisterKey, Integer> r : kind.registers().entrySet()) {
            RegisterKey k = r.getKey();
            if (k.leaf() != leaf || k.subleaf() != sub) {
                leaf = k.leaf();
                sub = k.subleaf();
                w.write(String.format("  - leaf: 0x%08x%n", leaf));
                if (sub != 0) {
                    w.write("    subleaf: " + sub + "\n");
                }
            }
            w.write(String.format("    %s: 0x%08x%n", k.register().id(), r.getValue()));
        }
    }
}
