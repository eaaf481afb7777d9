package io.cpuidmask.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpuidmask.baseline.CorpusDumps;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.CpuSignature;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.profile.ProfileLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EstateGeneratorTest {

    private static final FeatureCatalog FEATURES = FeatureCatalogs.shipped();

    @TempDir
    Path tmp;

    private static List<HostProfile> shipped() {
        return EstateGenerator.usable(new ProfileLoader(null).load(List.of(Path.of("profiles"))).hosts());
    }

    @Test
    void kindsAreDistinctAndDifferFromTheirCpuOnlyInSteppingAndFirmwareBits() {
        List<HostProfile> bases = shipped();
        List<HostProfile> kinds = CpuKinds.of(bases, 400, FEATURES, new Random(7));
        assertEquals(400, kinds.size());
        assertEquals(400, kinds.stream().map(HostProfile::registers).distinct().count(), "every kind has values of its own");
        Map<String, HostProfile> byName = bases.stream().collect(Collectors.toMap(HostProfile::host, h -> h));
        int flipped = 0;
        for (HostProfile k : kinds.subList(bases.size(), kinds.size())) {
            HostProfile base = byName.get(k.host().substring(0, k.host().lastIndexOf("-v")));
            assertEquals(base.registers().keySet(), k.registers().keySet(), k.host());
            assertEquals(base.vendor(), k.vendor());
            assertTrue(Math.abs(k.microcode() - kinds.get(bases.indexOf(base)).microcode()) <= 2,
                    k.host() + ": a microcode revision near its CPU's");
            for (Map.Entry<RegisterKey, Integer> r : k.registers().entrySet()) {
                int changed = r.getValue() ^ base.registers().get(r.getKey());
                for (int b = 0; b < 32; b++) {
                    if ((changed >>> b & 1) != 0) {
                        flipped++;
                        assertTrue(isStepping(r.getKey(), b) || isFirmware(r.getKey(), b, k.vendor()),
                                k.host() + " changed " + r.getKey().label() + " bit " + b);
                    }
                }
            }
        }
        assertTrue(flipped > kinds.size(), "variants flip bits: " + flipped);
    }

    @Test
    void kindsStopWhereTheCpusAllowNoMoreVariants() {
        HostProfile bare = new HostProfile("bare", "c", "GenuineIntel", "",
                new java.util.TreeMap<>(Map.of(RegisterKey.of(0, io.cpuidmask.model.Register.EAX), 1)),
                new io.cpuidmask.model.SourceRef("x", 1), Map.of());
        List<HostProfile> kinds = CpuKinds.of(List.of(bare), 50, FEATURES, new Random(1));
        assertEquals(1, kinds.size());
        assertEquals(bare.registers(), kinds.get(0).registers());
    }

    @Test
    void clustersHoldDistinctCpusOfOneVendorAndNearlyEveryClusterIsUnlike() throws IOException {
        new EstateGenerator(shipped()).write(tmp, 600, 200, 3);
        List<HostProfile> hosts = new ProfileLoader(null).load(List.of(tmp)).hosts();
        assertEquals(600, hosts.size());
        Map<String, List<HostProfile>> clusters = hosts.stream().collect(Collectors.groupingBy(HostProfile::cluster));
        assertEquals(200, clusters.size());
        Set<Set<SortedMap<RegisterKey, Integer>>> shapes = new HashSet<>();
        for (List<HostProfile> c : clusters.values()) {
            Set<SortedMap<RegisterKey, Integer>> cpus = c.stream().map(HostProfile::registers).collect(Collectors.toSet());
            assertEquals(3, cpus.size(), c.get(0).cluster());
            assertEquals(1, c.stream().map(HostProfile::vendor).distinct().count(), c.get(0).cluster());
            assertTrue(c.stream().allMatch(h -> h.microcode() != null), "every host says its microcode");
            shapes.add(cpus);
        }
        assertTrue(shapes.size() >= 190, "clusters with CPUs of their own: " + shapes.size());
    }

    @Test
    void theSameSeedWritesTheSameEstate() throws IOException {
        EstateGenerator g = new EstateGenerator(shipped());
        g.write(tmp.resolve("a"), 50, 5, 11);
        g.write(tmp.resolve("b"), 50, 5, 11);
        g.write(tmp.resolve("c"), 50, 5, 12);
        for (int c = 0; c < 5; c++) {
            String f = String.format("cluster-%05d.yaml", c);
            assertEquals(Files.readString(tmp.resolve("a").resolve(f)), Files.readString(tmp.resolve("b").resolve(f)));
        }
        assertNotEquals(Files.readString(tmp.resolve("a/cluster-00000.yaml")), Files.readString(tmp.resolve("c/cluster-00000.yaml")));
    }

    @Test
    void dumpsGivenWithCpusAreImportedAsTheRealCpus() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(CorpusDumps.ROOT), "corpus not found at " + CorpusDumps.ROOT);
        List<HostProfile> real = EstateGenerator.usable(new ProfileLoader(null).load(List.of(CorpusDumps.ROOT)).hosts());
        assertEquals(CorpusDumps.files().size(), real.size(), "every dump of the corpus is a CPU");
        EstateGenerator.Written w = new EstateGenerator(real).write(tmp, 40, 4, 1, new EstateGenerator.Shape(300, 2));
        assertEquals(300, w.kinds());
        assertEquals(40, new ProfileLoader(null).load(List.of(tmp)).hosts().size());
    }

    private static boolean isStepping(RegisterKey key, int bit) {
        return key.equals(CpuSignature.LEAF1_EAX) && bit < 4;
    }

    private static boolean isFirmware(RegisterKey key, int bit, String vendor) {
        return FEATURES.features().stream().anyMatch(f -> f.getKey().equals(key) && f.getBit() == bit
                && f.isFirmware() && f.appliesTo(vendor) && !f.isReserved());
    }
}
