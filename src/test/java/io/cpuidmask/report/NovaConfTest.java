package io.cpuidmask.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpuidmask.baseline.BaselineCalculator;
import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.CorpusDumps;
import io.cpuidmask.baseline.CpuMap;
import io.cpuidmask.baseline.CpuModel;
import io.cpuidmask.baseline.HypervisorCpus;
import io.cpuidmask.baseline.LibvirtFeature;
import io.cpuidmask.baseline.NamedCpu;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.result.ClusterResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code [libvirt]} section of report.nova.conf, read as nova-compute reads nova.conf
 * (oslo.config with Nova's own option definitions, Nova's own flag parsing: {@link NovaConf}), is
 * the {@code <cpu>} of report.libvirt.xml for the same cluster (the same model, the same features
 * required and disabled); the {@code <cpu>} Nova builds from it, expanded with libvirt's CPU map,
 * has no bit some host lacks and every common feature the section does not list as left out, and
 * passes libvirt's schema.
 */
class NovaConfTest {

    /** The Nova-built {@code <cpu>} of each section that has one, with the cluster it is for. */
    private record NovaCpu(ClusterResult cluster, Element cpu) {
    }

    @Test
    void novaReadsEachShippedSectionAsTheLibvirtCpuAndItIsTheBaseline(@TempDir Path dir) throws Exception {
        List<String> problems = new ArrayList<>();
        List<NovaCpu> cpus = shippedSectionsAsNovaReadsThem(dir);
        for (NovaCpu n : cpus) {
            problems.addAll(LibvirtCpuExpansionTest.check(n.cluster().cluster(), n.cluster().hosts(), n.cpu()));
        }
        assertEquals(List.of(), problems);
        assertTrue(cpus.size() >= 4, "only " + cpus.size() + " sections with a CPU");
    }

    @Test
    void theCpuNovaBuildsFromEachShippedSectionPassesLibvirtsSchema(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(HypervisorRenderersTest.onPath("virt-xml-validate") && HypervisorRenderersTest.onPath("xmllint"),
                "virt-xml-validate/xmllint not installed (Debian: libvirt-clients, libxml2-utils): schema check skipped");
        List<Element> cpus = shippedSectionsAsNovaReadsThem(dir).stream().map(NovaCpu::cpu).toList();
        assertEquals(List.of(), LibvirtTools.validate(dir, cpus));
    }

    @Test
    void novaReadsTheSectionsOfClustersOfRealCpus(@TempDir Path dir) throws Exception {
        Path nova = assumeNova();
        Assumptions.assumeTrue(Files.isDirectory(CorpusDumps.ROOT), "../shared/corpus missing: skipped");
        List<List<HostProfile>> clusters = new ArrayList<>(CorpusDumps.clusters());
        clusters.addAll(CorpusDumps.pairs());
        List<Path> files = new ArrayList<>();
        List<NamedCpu> chosen = new ArrayList<>();
        for (List<HostProfile> hosts : clusters) {
            ClusterBaseline b = BaselineCalculator.shipped().cluster("c", hosts);
            NamedCpu cpu = HypervisorCpus.libvirt().choose(b.vendor(), b.commonFeatures());
            files.add(Files.writeString(dir.resolve("c" + files.size() + ".conf"),
                    String.join("\n", NovaReportRenderer.section(cpu)) + "\n"));
            chosen.add(cpu);
        }
        List<JsonNode> read = NovaConf.read(nova, files);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < clusters.size(); i++) {
            String label = clusters.get(i).stream().map(HostProfile::host).collect(Collectors.joining("+"));
            NamedCpu cpu = chosen.get(i);
            Set<LibvirtTools.Feature> expected = new HashSet<>();
            cpu.add().forEach(f -> expected.add(new LibvirtTools.Feature(f, "require")));
            cpu.remove().forEach(f -> expected.add(new LibvirtTools.Feature(f, "disable")));
            Element novaCpu = novaCpu(read.get(i), label, problems);
            if (novaCpu != null) {
                if (!features(novaCpu).equals(expected) || !model(novaCpu).equals(cpu.model())) {
                    problems.add(label + ": Nova reads " + read.get(i) + ", cpuidmask chose " + cpu.model() + " +" + cpu.add() + " -" + cpu.remove());
                }
                problems.addAll(LibvirtCpuExpansionTest.check(label, clusters.get(i), novaCpu, cpu));
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(clusters.size() >= 150, "only " + clusters.size() + " clusters");
    }

    /** Nova maps cpu_models to libvirt's names case-insensitively, and lower-cases the extra flags. */
    @Test
    void everyModelNovaMayBeGivenIsLibvirtsAndEveryFlagIsLowerCase() throws Exception {
        Assumptions.assumeTrue(HypervisorRenderersTest.onPath("virsh"), "virsh not installed (Debian: libvirt-clients): skipped");
        Map<String, List<String>> byLowerCase = LibvirtTools.cpuModels().stream()
                .collect(Collectors.groupingBy(m -> m.toLowerCase(Locale.ROOT)));
        for (CpuModel m : CpuMap.shipped().models()) {
            if (m.decodeGuest()) {
                assertEquals(List.of(m.name()), byLowerCase.get(m.name().toLowerCase(Locale.ROOT)), m.name());
            }
        }
        for (LibvirtFeature f : CpuMap.shipped().features()) {
            assertEquals(f.name().toLowerCase(Locale.ROOT), f.name());
        }
    }

    /**
     * Each section of the shipped examples' report.nova.conf read by Nova, checked against the
     * report.libvirt.xml of the same check, as the {@code <cpu>} Nova builds.
     */
    private static List<NovaCpu> shippedSectionsAsNovaReadsThem(Path dir) throws Exception {
        Path nova = assumeNova();
        Report report = HypervisorRenderersTest.check("profiles", List.of("linux-64"));
        List<String> sections = HypervisorRenderersTest.sections(HypervisorRenderersTest.render(new NovaReportRenderer(), report));
        assertEquals(report.clusters().size(), sections.size());
        List<Path> files = new ArrayList<>();
        for (String s : sections) {
            files.add(Files.writeString(dir.resolve("section" + files.size() + ".conf"), s));
        }
        List<JsonNode> read = NovaConf.read(nova, files);
        NodeList libvirt = LibvirtCpuExpansionTest.parse(HypervisorRenderersTest.render(new LibvirtReportRenderer(), report))
                .getElementsByTagName("cluster");
        List<NovaCpu> cpus = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            ClusterResult c = report.clusters().get(i);
            NodeList libvirtCpu = ((Element) libvirt.item(i)).getElementsByTagName("cpu");
            if (libvirtCpu.getLength() == 0) {
                assertTrue(read.get(i).path("cpu_mode").isNull(), "a section without a libvirt <cpu> sets nothing: " + read.get(i));
                continue;
            }
            Element novaCpu = novaCpu(read.get(i), c.cluster(), problems);
            Element expected = (Element) libvirtCpu.item(0);
            if (novaCpu != null) {
                assertEquals(model(expected), model(novaCpu), c.cluster());
                assertEquals(features(expected), features(novaCpu), c.cluster());
                cpus.add(new NovaCpu(c, novaCpu));
            }
        }
        assertEquals(List.of(), problems);
        return cpus;
    }

    /**
     * The {@code <cpu>} Nova's LibvirtConfigGuestCPU writes for what it read: mode custom, match
     * exact, the model, the features; null (and a problem) when the section is not a custom CPU.
     */
    private static Element novaCpu(JsonNode read, String label, List<String> problems) {
        if (read.has("error") || !read.path("cpu_mode").asText().equals("custom") || read.path("cpu_models").size() != 1) {
            problems.add(label + ": Nova reads " + read);
            return null;
        }
        List<LibvirtTools.Feature> features = new ArrayList<>();
        read.path("features").forEach(f -> features.add(new LibvirtTools.Feature(f.path("name").asText(), f.path("policy").asText())));
        return LibvirtTools.customCpu("exact", read.path("cpu_models").get(0).asText(), features);
    }

    private static String model(Element cpu) {
        return cpu.getElementsByTagName("model").item(0).getTextContent();
    }

    private static Set<LibvirtTools.Feature> features(Element cpu) {
        NodeList fs = cpu.getElementsByTagName("feature");
        Function<Integer, Element> at = i -> (Element) fs.item(i);
        Set<LibvirtTools.Feature> set = new HashSet<>();
        for (int i = 0; i < fs.getLength(); i++) {
            set.add(new LibvirtTools.Feature(at.apply(i).getAttribute("name"), at.apply(i).getAttribute("policy")));
        }
        return set;
    }

    private static Path assumeNova() throws Exception {
        var nova = NovaConf.nova();
        Assumptions.assumeTrue(nova.isPresent(), "Nova's nova/conf/libvirt.py or python3-oslo.config missing (Debian:"
                + " python3-oslo.config, python3-nova or its package unpacked under /opt/python3-nova): skipped");
        return nova.get();
    }
}
