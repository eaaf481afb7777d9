package io.cpuidmask.bench;

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
 * Generates realistic estates for benchmarks: clusters of hosts drawn from real CPUs (the
 * given profiles, e.g. the shipped ones built from real CPU dumps), one to three CPU models per
 * cluster, vendors never mixed, a few hosts per cluster with a BIOS or microcode difference
 * (NX off, a speculation-control bit missing). One multi-document YAML file per cluster.
 * Deterministic for a given seed.
 */
public final class EstateGenerator {

    private static final RegisterKey EXT1_EDX = RegisterKey.of(0x80000001L, Register.EDX);
    private static final RegisterKey LEAF7_EDX = RegisterKey.of(7, Register.EDX);

    private final List<HostProfile> models;

    public EstateGenerator(List<HostProfile> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no CPU profiles to draw hosts from");
        }
        this.models = List.copyOf(models);
    }

    /** CPU models from the profiles under {@code folder}, skipping hosts without leaf 0 (vendor unknown). */
    public static EstateGenerator fromProfiles(Path folder) {
        List<HostProfile> cpus = new ProfileLoader().load(List.of(folder)).hosts().stream()
                .filter(h -> h.vendor() != null && h.registers().containsKey(RegisterKey.of(0, Register.EAX)))
                .toList();
        return new EstateGenerator(cpus);
    }

    /** Writes {@code hosts} hosts in {@code clusters} clusters under {@code out}; returns the files written. */
    public List<Path> write(Path out, int hosts, int clusters, long seed) throws IOException {
        Files.createDirectories(out);
        Random random = new Random(seed);
        List<HostProfile> intel = models.stream().filter(h -> "GenuineIntel".equals(h.vendor())).toList();
        List<HostProfile> amd = models.stream().filter(h -> "AuthenticAMD".equals(h.vendor())).toList();
        List<Path> files = new ArrayList<>();
        int written = 0;
        for (int c = 0; c < clusters; c++) {
            int size = hosts / clusters + (c < hosts % clusters ? 1 : 0);
            List<HostProfile> pool = (c % 2 == 0 || amd.isEmpty()) && !intel.isEmpty() ? intel : amd;
            List<HostProfile> kinds = new ArrayList<>();
            int count = 1 + random.nextInt(Math.min(3, pool.size()));
            while (kinds.size() < count) {
                HostProfile k = pool.get(random.nextInt(pool.size()));
                if (!kinds.contains(k)) {
                    kinds.add(k);
                }
            }
            String cluster = String.format("cluster-%05d", c);
            Path file = out.resolve(cluster + ".yaml");
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (int h = 0; h < size; h++) {
                    HostProfile model = kinds.get(random.nextInt(kinds.size()));
                    if (h > 0) {
                        w.write("---\n");
                    }
                    writeHost(w, String.format("host-%07d.%s", written++, cluster), cluster, model, random);
                }
            }
            files.add(file);
        }
        return files;
    }

    private static void writeHost(BufferedWriter w, String name, String cluster, HostProfile model, Random random)
            throws IOException {
        w.write("host: " + name + "\ncluster: " + cluster + "\nvendor: " + model.vendor() + "\n");
        w.write("description: \"" + model.description().replace("\"", "'") + "\"\ncpuid:\n");
        long leaf = -1;
        int sub = -1;
        for (Map.Entry<RegisterKey, Integer> r : model.registers().entrySet()) {
            RegisterKey k = r.getKey();
            int value = r.getValue();
            // About one host in fifty lags in firmware: NX off in the BIOS, or a microcode bit missing.
            if (k.equals(EXT1_EDX) && random.nextInt(50) == 0) {
                value &= ~(1 << 20);
            } else if (k.equals(LEAF7_EDX) && random.nextInt(50) == 0) {
                value &= ~(1 << 26);
            }
            if (k.leaf() != leaf || k.subleaf() != sub) {
                leaf = k.leaf();
                sub = k.subleaf();
                w.write(String.format("  - leaf: 0x%08x%n", leaf));
                if (sub != 0) {
                    w.write("    subleaf: " + sub + "\n");
                }
            }
            w.write(String.format("    %s: 0x%08x%n", k.register().id(), value));
        }
    }
}
