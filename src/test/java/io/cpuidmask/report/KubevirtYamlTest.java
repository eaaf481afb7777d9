package io.cpuidmask.report;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * report.kubevirt.yaml read back with a YAML parser (SnakeYAML, YAML 1.1 as Kubernetes' Go parser
 * reads it) and judged as KubeVirt takes it: the exact shape of a VirtualMachine merge patch of
 * {@code spec.template.spec.domain.cpu}; feature policies its validating webhook accepts; model
 * and feature names that are valid in the node labels KubeVirt schedules by; a model every host
 * runs in full and KubeVirt does not call obsolete, so that every node of the cluster is labelled
 * with it; and the {@code <cpu mode='custom'>} KubeVirt builds from it, expanded with libvirt's CPU
 * map, has no bit some host lacks and every common feature the section does not list as left out.
 */
class KubevirtYamlTest {

    /** KubeVirt's validating webhook (vmi-create-admitter.go, validCPUFeaturePolicies). */
    private static final Set<String> POLICIES = Set.of("", "force", "require", "optional", "disable", "forbid");
    /** The name part of a Kubernetes label key (apimachinery's IsQualifiedName), at most 63 characters. */
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    @Test
    void eachShippedSectionIsOneDocumentKubevirtRunsOnEveryHost() throws Exception {
        Report report = HypervisorRenderersTest.check("profiles", List.of("linux-64"));
        String text = HypervisorRenderersTest.render(new KubevirtReportRenderer(), report);
        List<String> sections = HypervisorRenderersTest.sections(text);
        assertEquals(report.clusters().size(), sections.size());
        List<String> problems = new ArrayList<>();
        int documents = 0;
        for (int i = 0; i < sections.size(); i++) {
            ClusterResult c = report.clusters().get(i);
            List<Object> docs = load(sections.get(i));
            NamedCpu chosen = kubevirt(c.hosts());
            if (chosen == null || chosen.model() == null) {
                assertEquals(List.of(), docs, c.cluster());
                continue;
            }
            assertEquals(1, docs.size(), sections.get(i));
            problems.addAll(judge(c.cluster(), c.hosts(), docs.get(0), chosen));
            documents++;
        }
        assertEquals(List.of(), problems);
        assertEquals(documents, load(text).size(), "the whole file is the same stream of documents");
        assertTrue(documents >= 4, "only " + documents + " sections with a CPU:\n" + text);
    }

    @Test
    void theDocumentOfEachClusterOfRealCpusIsOneKubevirtRunsOnEveryHost() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(CorpusDumps.ROOT), "../shared/corpus missing: skipped");
        List<List<HostProfile>> clusters = new ArrayList<>(CorpusDumps.clusters());
        clusters.addAll(CorpusDumps.pairs());
        List<String> problems = new ArrayList<>();
        int withModel = 0;
        for (List<HostProfile> hosts : clusters) {
            String label = hosts.stream().map(HostProfile::host).collect(Collectors.joining("+"));
            NamedCpu chosen = kubevirt(hosts);
            if (chosen.model() != null) {
                List<Object> docs = load(String.join("\n", KubevirtReportRenderer.document(chosen)));
                assertEquals(1, docs.size(), label);
                problems.addAll(judge(label, hosts, docs.get(0), chosen));
                withModel++;
            } else {
                problems.addAll(noModelRunsInFull(label, hosts));
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(clusters.size() >= 150, "only " + clusters.size() + " clusters");
        assertTrue(withModel >= clusters.size() / 2, withModel + " of " + clusters.size() + " clusters with a model");
        System.out.printf("KubeVirt: %d of %d real-CPU clusters get a model, each judged%n", withModel, clusters.size());
    }

    /** KubeVirt's choice is libvirt's wherever libvirt's needs nothing but MPX disabled and is not obsolete. */
    @Test
    void theModelIsLibvirtsWhereKubevirtCanRunIt() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(CorpusDumps.ROOT), "../shared/corpus missing: skipped");
        List<List<HostProfile>> clusters = new ArrayList<>(CorpusDumps.clusters());
        clusters.addAll(CorpusDumps.pairs());
        int same = 0;
        for (List<HostProfile> hosts : clusters) {
            ClusterBaseline b = BaselineCalculator.shipped().cluster("c", hosts);
            NamedCpu libvirt = HypervisorCpus.libvirt().choose(b.vendor(), b.commonFeatures());
            if (Set.of("mpx").containsAll(libvirt.remove()) && !HypervisorCpus.KUBEVIRT_OBSOLETE.contains(libvirt.model())) {
                assertEquals(libvirt, kubevirt(hosts));
                same++;
            }
        }
        assertTrue(same > 0);
    }

    @Test
    void theCpuKubevirtBuildsFromEachShippedSectionPassesLibvirtsSchema(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(HypervisorRenderersTest.onPath("virt-xml-validate") && HypervisorRenderersTest.onPath("xmllint"),
                "virt-xml-validate/xmllint not installed (Debian: libvirt-clients, libxml2-utils): schema check skipped");
        Report report = HypervisorRenderersTest.check("profiles", List.of("linux-64"));
        List<Element> cpus = new ArrayList<>();
        for (Object doc : load(HypervisorRenderersTest.render(new KubevirtReportRenderer(), report))) {
            cpus.add(kubevirtCpu(cpu(doc)));
        }
        assertTrue(cpus.size() >= 4);
        assertEquals(List.of(), LibvirtTools.validate(dir, cpus));
    }

    /** Every model KubeVirt's chooser may write is one libvirt knows; every name fits a node label. */
    @Test
    void everyNameKubevirtMayBeGivenIsLibvirtsAndFitsANodeLabel() throws Exception {
        Assumptions.assumeTrue(HypervisorRenderersTest.onPath("virsh"), "virsh not installed (Debian: libvirt-clients): skipped");
        List<String> libvirt = LibvirtTools.cpuModels();
        for (CpuModel m : CpuMap.shipped().models()) {
            if (m.decodeGuest() && !HypervisorCpus.KUBEVIRT_OBSOLETE.contains(m.name())) {
                assertTrue(libvirt.contains(m.name()), m.name() + " not in virsh cpu-models " + libvirt);
                assertTrue(LABEL_NAME.matcher(m.name()).matches(), m.name());
            }
        }
        for (LibvirtFeature f : CpuMap.shipped().features()) {
            assertTrue(LABEL_NAME.matcher(f.name()).matches(), f.name());
        }
    }

    /** Scalars YAML 1.1 would read as something else, or that would end or extend the line, stay the same string. */
    @Test
    void quotedScalarsReadBackAsTheSameString() {
        for (String s : List.of("on", "no", "yes", "off", "y", "~", "null", "123", "0x10", "1e3", ".inf", "a: b", "#x",
                "x #y", "\"q\"", "'q'", "back\\slash", "line\nbreak", "cr\rx", "tab\tx", "\u2028", "\u2029", "\u0085", "\u0007", "\u007f", "\ufeff", "\uffff",
                "\u00fc\u4e2d", "- x", "[x]", "{x}", "&a", "*a", "!tag", "%x", "@x", "`x", "", " lead", "trail ", "---", "...")) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load("k: " + KubevirtReportRenderer.quoted(s) + "\n");
            assertEquals(Map.of("k", s), doc, s);
        }
        Object lone = new Yaml(new SafeConstructor(new LoaderOptions())).load("k: " + KubevirtReportRenderer.quoted("a\ud800b") + "\n");
        assertEquals(Map.of("k", "a\ufffdb"), lone, "a lone surrogate cannot be written");
        String pair = "\ud83d\ude00";
        assertEquals(Map.of("k", pair), new Yaml(new SafeConstructor(new LoaderOptions())).load("k: " + KubevirtReportRenderer.quoted(pair)));
    }

    /** The chooser KubeVirt's sections come from, for these hosts; null for hosts of mixed vendors. */
    private static NamedCpu kubevirt(List<HostProfile> hosts) {
        ClusterBaseline b = BaselineCalculator.shipped().cluster("c", hosts);
        return b.vendor() == null ? null : HypervisorCpus.kubevirt().choose(b.vendor(), b.commonFeatures());
    }

    private static List<Object> load(String text) {
        List<Object> docs = new ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text).forEach(d -> {
            if (d != null) {
                docs.add(d);
            }
        });
        return docs;
    }

    /** One document as KubeVirt takes it, against the hosts and the CPU cpuidmask chose. */
    private static List<String> judge(String label, List<HostProfile> hosts, Object doc, NamedCpu chosen) {
        Map<?, ?> cpu;
        try {
            cpu = cpu(doc);
        } catch (ClassCastException | IllegalArgumentException e) {
            return List.of(label + ": not a merge patch of spec.template.spec.domain.cpu: " + doc);
        }
        List<String> problems = new ArrayList<>();
        String model = (String) cpu.get("model");
        if (!LABEL_NAME.matcher(model).matches() || HypervisorCpus.KUBEVIRT_OBSOLETE.contains(model)) {
            problems.add(label + ": no node is labelled with model " + model);
        }
        List<LibvirtTools.Feature> features = features(cpu);
        for (LibvirtTools.Feature f : features) {
            if (!POLICIES.contains(f.policy()) || !LABEL_NAME.matcher(f.name()).matches()) {
                problems.add(label + ": KubeVirt refuses feature " + f);
            }
        }
        List<LibvirtTools.Feature> expected = new ArrayList<>();
        chosen.add().forEach(f -> expected.add(new LibvirtTools.Feature(f, "require")));
        chosen.remove().forEach(f -> expected.add(new LibvirtTools.Feature(f, "disable")));
        if (!model.equals(chosen.model()) || !features.equals(expected)) {
            problems.add(label + ": document " + cpu + " is not the chosen " + chosen.model() + " +" + chosen.add() + " -" + chosen.remove());
        }
        // The node labeller labels a node with the model only where libvirt finds every feature of it usable.
        Set<String> modelFeatures = new TreeSet<>(CpuMap.shipped().model(model).map(CpuModel::features).orElse(Set.of()));
        modelFeatures.remove("mpx"); // in libvirt's Skylake to Icelake, not in QEMU's, which decide usability
        String vendor = BaselineCalculator.shipped().cluster("c", hosts).vendor();
        GuestCpuCheck.bitsSomeHostLacks(LibvirtCpuExpansionTest.words(modelFeatures), hosts, vendor)
                .forEach(p -> problems.add(label + ": model " + model + " has " + p + ", so that node is never labelled with it"));
        problems.addAll(LibvirtCpuExpansionTest.check(label, hosts, kubevirtCpu(cpu), chosen));
        return problems;
    }

    /** A cluster without a section: every model KubeVirt may name has a feature (but MPX) some host lacks. */
    private static List<String> noModelRunsInFull(String label, List<HostProfile> hosts) {
        String vendor = BaselineCalculator.shipped().cluster("c", hosts).vendor();
        List<String> problems = new ArrayList<>();
        for (CpuModel m : CpuMap.shipped().models()) {
            Set<String> features = new TreeSet<>(m.features());
            features.remove("mpx");
            if (m.decodeGuest() && m.suitsVendor(vendor) && !HypervisorCpus.KUBEVIRT_OBSOLETE.contains(m.name())
                    && GuestCpuCheck.bitsSomeHostLacks(LibvirtCpuExpansionTest.words(features), hosts, vendor).isEmpty()) {
                problems.add(label + ": no section, but every host runs " + m.name() + " in full");
            }
        }
        return problems;
    }

    /** {@code spec.template.spec.domain.cpu}, checking that nothing else is there. */
    private static Map<?, ?> cpu(Object doc) {
        Object node = doc;
        for (String key : List.of("spec", "template", "spec", "domain", "cpu")) {
            Map<?, ?> map = (Map<?, ?>) node;
            if (!map.keySet().equals(Set.of(key))) {
                throw new IllegalArgumentException("keys " + map.keySet());
            }
            node = map.get(key);
        }
        Map<?, ?> cpu = (Map<?, ?>) node;
        if (!cpu.keySet().equals(Set.of("model", "features")) || !(cpu.get("model") instanceof String)) {
            throw new IllegalArgumentException("cpu " + cpu);
        }
        features(cpu);
        return cpu;
    }

    private static List<LibvirtTools.Feature> features(Map<?, ?> cpu) {
        List<LibvirtTools.Feature> features = new ArrayList<>();
        for (Object o : (List<?>) cpu.get("features")) {
            Map<?, ?> f = (Map<?, ?>) o;
            if (!f.keySet().equals(Set.of("name", "policy"))) {
                throw new IllegalArgumentException("feature " + f);
            }
            features.add(new LibvirtTools.Feature((String) f.get("name"), (String) f.get("policy")));
        }
        return features;
    }

    /** The {@code <cpu>} KubeVirt's virt-launcher writes (converter/compute/cpu.go): mode custom, the model, the features as given. */
    private static Element kubevirtCpu(Map<?, ?> cpu) {
        return LibvirtTools.customCpu(null, (String) cpu.get("model"), features(cpu));
    }
}
