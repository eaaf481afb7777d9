package io.cpuidmask.baseline;

import io.cpuidmask.catalog.CpuMap;
import io.cpuidmask.model.HostProfile;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The common feature set of {@code baseline} against {@code virsh -c test:///default cpu-baseline
 * --features}, on clusters built from the shared corpus: every x86-64 host alone, every pair of
 * hosts of one vendor that follow each other in the corpus, and all x86-64 hosts of each vendor.
 * virsh reads host {@code <cpu>} elements (models 486 and pentium, which every x86 CPU covers, plus
 * one {@code <feature>} per libvirt feature the host has); skipped visibly without virsh. The model
 * virsh prints is not compared: libvirt prefers the models named in its input, so it says more
 * about this test's input than about the hosts.
 */
class VirshBaselineCrossCheckTest {

    private static final Pattern REQUIRED = Pattern.compile("<feature policy='require' name='([^']+)'/>");

    @Test
    void commonFeaturesEqualVirshCpuBaseline(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("virsh"), "virsh not installed (Debian: libvirt-clients): cross-check skipped");
        Assumptions.assumeTrue(Files.isDirectory(CorpusDumps.ROOT), "../shared/corpus missing: cross-check skipped");
        BaselineCalculator calc = BaselineCalculator.shipped();
        List<List<HostProfile>> clusters = clusters();
        int compared = 0;
        for (List<HostProfile> hosts : clusters) {
            ClusterBaseline ours = calc.compute(hosts).get(0);
            Path file = dir.resolve("hosts" + compared + ".xml");
            Files.writeString(file, hostsXml(calc, hosts));
            String virsh = run("virsh", "-c", "test:///default", "cpu-baseline", "--features", file.toString());
            Set<String> theirs = new TreeSet<>();
            Matcher m = REQUIRED.matcher(virsh);
            while (m.find()) {
                theirs.add(m.group(1));
            }
            Set<String> mine = ours.commonFeatures().stream().map(FeatureBit::libvirtName).filter(Objects::nonNull)
                    .collect(Collectors.toCollection(TreeSet::new));
            String names = hosts.stream().map(HostProfile::host).collect(Collectors.joining(" + "));
            assertEquals(theirs, mine, "common features of " + names);
            compared++;
        }
        System.out.printf("virsh cross-check: common features equal on %d clusters%n", compared);
        assertTrue(compared >= 30, "only " + compared + " clusters compared");
    }

    /**
     * The XML that {@code estate --libvirt-cpus} writes for benchmarks (each CPU as its closest
     * runnable model plus further features, as {@code virsh capabilities} does) means the same hosts
     * to virsh: the same common features.
     */
    @Test
    void benchmarkXmlMeansTheSameHostsToVirsh(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("virsh"), "virsh not installed (Debian: libvirt-clients): cross-check skipped");
        Assumptions.assumeTrue(Files.isDirectory(CorpusDumps.ROOT), "../shared/corpus missing: cross-check skipped");
        BaselineCalculator calc = BaselineCalculator.shipped();
        int compared = 0;
        for (List<HostProfile> hosts : clusters()) {
            Path file = dir.resolve("hosts" + compared + ".xml");
            try (var w = Files.newBufferedWriter(file)) {
                new LibvirtHostCpus(calc).write(hosts, w);
            }
            Set<String> theirs = new TreeSet<>();
            Matcher m = REQUIRED.matcher(run("virsh", "-c", "test:///default", "cpu-baseline", "--features", file.toString()));
            while (m.find()) {
                theirs.add(m.group(1));
            }
            Set<String> mine = calc.compute(hosts).get(0).commonFeatures().stream().map(FeatureBit::libvirtName)
                    .filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(theirs, mine, "common features of " + hosts.stream().map(HostProfile::host).toList());
            compared++;
        }
        assertTrue(compared >= 30, "only " + compared + " clusters compared");
    }

    static List<List<HostProfile>> clusters() throws Exception {
        return CorpusDumps.clusters();
    }

    static String hostsXml(BaselineCalculator calc, List<HostProfile> hosts) {
        StringBuilder sb = new StringBuilder();
        for (HostProfile h : hosts) {
            Set<String> features = calc.featuresOf(h).stream().map(FeatureBit::libvirtName).filter(Objects::nonNull)
                    .collect(Collectors.toCollection(TreeSet::new));
            // Each host twice, under two models it covers: when all inputs name one model, libvirt
            // prefers that model for the result, which would hide its own choice.
            for (String model : List.of("486", "pentium")) {
                assertTrue(features.containsAll(CpuMap.shipped().model(model).orElseThrow().features()),
                        h.host() + " lacks a feature of " + model);
                sb.append("<cpu>\n  <arch>x86_64</arch>\n  <model>").append(model).append("</model>\n  <vendor>")
                        .append(h.vendor().equals("AuthenticAMD") ? "AMD" : "Intel").append("</vendor>\n");
                features.forEach(f -> sb.append("  <feature name='").append(f).append("'/>\n"));
                sb.append("</cpu>\n");
            }
        }
        return sb.toString();
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
