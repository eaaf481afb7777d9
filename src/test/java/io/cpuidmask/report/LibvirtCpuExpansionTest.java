package io.cpuidmask.report;

import io.cpuidmask.baseline.BaselineCalculator;
import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.baseline.CorpusDumps;
import io.cpuidmask.baseline.CpuMap;
import io.cpuidmask.baseline.FeatureBit;
import io.cpuidmask.baseline.HypervisorCpus;
import io.cpuidmask.baseline.LibvirtFeature;
import io.cpuidmask.baseline.NamedCpu;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.result.ClusterResult;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code <cpu>} of report.libvirt.xml, expanded as libvirt expands a custom CPU with its CPU
 * map (the model's features, plus {@code require}, minus {@code disable}, as CPUID bits), is a CPU
 * no host of the cluster lacks a bit of, with every common feature the section does not list as
 * left out: for the shipped example clusters and for clusters of real CPUs from the shared corpus.
 */
class LibvirtCpuExpansionTest {

    @Test
    void shippedExamples() throws Exception {
        Report report = HypervisorRenderersTest.check("profiles", List.of("linux-64"));
        Document doc = parse(HypervisorRenderersTest.render(new LibvirtReportRenderer(), report));
        NodeList clusters = doc.getElementsByTagName("cluster");
        assertEquals(report.clusters().size(), clusters.getLength());
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < clusters.getLength(); i++) {
            Element cluster = (Element) clusters.item(i);
            ClusterResult c = report.clusters().get(i);
            assertEquals(c.cluster(), cluster.getAttribute("name"));
            NodeList cpus = cluster.getElementsByTagName("cpu");
            assertEquals(1, cpus.getLength(), "one <cpu> in cluster " + c.cluster());
            problems.addAll(check(c.cluster(), c.hosts(), (Element) cpus.item(0)));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void clustersOfRealCpus() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(CorpusDumps.ROOT), "../shared/corpus missing: skipped");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        List<List<HostProfile>> clusters = new ArrayList<>(CorpusDumps.clusters());
        clusters.addAll(CorpusDumps.pairs());
        for (List<HostProfile> hosts : clusters) {
            StringBuilder xml = new StringBuilder("<cpu>");
            ClusterBaseline b = BaselineCalculator.shipped().cluster("c", hosts);
            var cpu = HypervisorCpus.libvirt().choose(b.vendor(), b.commonFeatures());
            xml.append("<model>").append(cpu.model()).append("</model>");
            cpu.add().forEach(f -> xml.append("<feature policy='require' name='").append(f).append("'/>"));
            cpu.remove().forEach(f -> xml.append("<feature policy='disable' name='").append(f).append("'/>"));
            Element e = parse(xml.append("</cpu>").toString()).getDocumentElement();
            problems.addAll(check(hosts.stream().map(HostProfile::host).collect(Collectors.joining("+")), hosts, e));
            checked++;
        }
        assertEquals(List.of(), problems);
        assertTrue(checked >= 150, "only " + checked + " clusters");
    }

    /** Expands one {@code <cpu>} with libvirt's CPU map and judges it against the hosts. */
    static List<String> check(String label, List<HostProfile> hosts, Element cpu) {
        ClusterBaseline b = BaselineCalculator.shipped().cluster("c", hosts);
        return check(label, hosts, cpu, HypervisorCpus.libvirt().choose(b.vendor(), b.commonFeatures()));
    }

    /**
     * As {@link #check(String, List, Element)}, for a {@code <cpu>} that a hypervisor built from
     * {@code chosen}, whose list of common features left out the judgement accepts.
     */
    static List<String> check(String label, List<HostProfile> hosts, Element cpu, NamedCpu chosen) {
        CpuMap map = CpuMap.shipped();
        String model = cpu.getElementsByTagName("model").item(0).getTextContent();
        Set<String> features = new TreeSet<>(map.model(model).orElseThrow(
                () -> new AssertionError(label + ": libvirt has no model " + model)).features());
        NodeList fs = cpu.getElementsByTagName("feature");
        for (int i = 0; i < fs.getLength(); i++) {
            Element f = (Element) fs.item(i);
            String name = f.getAttribute("name");
            if (map.feature(name).isEmpty()) {
                return List.of(label + ": libvirt has no feature " + name);
            }
            if (f.getAttribute("policy").equals("require")) {
                features.add(name);
            } else if (f.getAttribute("policy").equals("disable")) {
                features.remove(name);
            } else {
                return List.of(label + ": policy " + f.getAttribute("policy"));
            }
        }
        Map<RegisterKey, Integer> words = words(features);
        ClusterBaseline b = BaselineCalculator.shipped().cluster("c", hosts);
        Set<FeatureBit> leftOut = chosen.leftOut().stream().map(l -> l.feature()).collect(Collectors.toSet());
        // Features whose bit libvirt's map does not name are outside what a <cpu> can say.
        leftOut.addAll(b.commonFeatures().stream().filter(f -> f.libvirtName() == null).toList());
        List<String> problems = new ArrayList<>();
        GuestCpuCheck.bitsSomeHostLacks(words, hosts, b.vendor()).forEach(p -> problems.add(label + ": guest has " + p));
        GuestCpuCheck.commonFeaturesMissing(words, b, leftOut).forEach(p -> problems.add(label + ": guest lacks common " + p));
        for (var l : chosen.leftOut()) {
            LibvirtFeature f = map.featureAt(l.feature().key(), l.feature().bit()).orElse(null);
            boolean carried = f != null && map.models().stream().anyMatch(m -> m.features().contains(f.name()));
            if (f != null && carried && f.migratable() && !Set.of("monitor", "acpi", "vmx", "svm").contains(f.name())) {
                problems.add(label + ": left out " + f.name() + ", which libvirt models carry: " + l.reason());
            }
        }
        return problems;
    }

    /** The CPUID words that these libvirt features set, by libvirt's CPU map. */
    static Map<RegisterKey, Integer> words(Set<String> features) {
        Map<RegisterKey, Integer> words = new TreeMap<>();
        for (String name : features) {
            CpuMap.shipped().feature(name).ifPresent(f -> words.merge(f.key(), 1 << f.bit(), (a, b) -> a | b));
        }
        return words;
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }
}
