package io.cpuidmask.report;

import io.cpuidmask.baseline.BaselineCalculator;
import io.cpuidmask.baseline.ClusterBaseline;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.facts.ClusterGuest;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.facts.MaskSet;
import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import java.io.File;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hypervisor formats on the seed and on a corpus cluster (intel-mixed: Nehalem, Sandy Bridge, Haswell). */
class HypervisorRenderersTest {

    private static final FeatureCatalog FEATURES = FeatureCatalogs.shipped();
    private static Report seed;
    private static Report corpus;

    @BeforeAll
    static void run() throws Exception {
        seed = check("profiles/seed", "windows");
        corpus = check("profiles/intel-mixed", "linux-64");
    }

    static Report check(String profiles, String guest) throws Exception {
        return check(profiles, List.of(guest));
    }

    static Report check(String profiles, List<String> guests) throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        return new CheckRun(FEATURES, clock).run(new CheckRequest(List.of(Path.of(profiles)), guests,
                List.of(Path.of("rules")), Path.of("rules", "masks")));
    }

    static String render(ReportRenderer r, Report report) throws Exception {
        StringWriter w = new StringWriter();
        r.render(report, w);
        return w.toString();
    }

    @Test
    void vmxLinesOfTheSeed() throws Exception {
        String vmx = render(new VmxReportRenderer(), seed);
        assertTrue(vmx.lines().anyMatch(l -> l.equals("cpuid.1.ecx = \"----:----:----:----:----:----:---0:-0-0\"")), vmx);
        assertTrue(vmx.contains("# hides SSE3, DTES64, DS_CPL"), vmx);
        assertEquals(1, vmx.lines().filter(l -> l.startsWith("cpuid.")).count(), vmx);
        // virtual hardware 9+: the features one seed host has and the other lacks, in VMware's names
        assertTrue(vmx.lines().anyMatch(l -> l.equals("featMask.vm.cpuid.SSE3 = \"Val:0\"")), vmx);
        assertTrue(vmx.lines().anyMatch(l -> l.equals("featMask.vm.cpuid.LM = \"Val:0\"")), vmx);
    }

    @Test
    void vmxParsesBackIntoTheSameMasks() throws Exception {
        for (Report report : List.of(seed, corpus)) {
            Map<String, MaskString> parsed = parseVmx(render(new VmxReportRenderer(), report));
            Map<String, MaskString> expected = new TreeMap<>();
            for (ClusterResult c : report.clusters()) {
                for (MaskResult m : c.masks()) {
                    if (m.hidesAnything()) {
                        expected.put(c.cluster() + "/" + c.guest() + "/" + m.key().vmxName(), m.custom());
                    }
                }
            }
            assertFalse(expected.isEmpty());
            assertEquals(expected, parsed);
        }
    }

    @Test
    void mixedVendorsGetNoCpuDefinition(@TempDir Path dir) throws Exception {
        for (String p : List.of("amd-epyc-milan-genoa/epyc-7763.yaml", "intel-scalable/icx-6330.yaml")) {
            String text = Files.readString(Path.of("profiles", p)).replaceFirst("(?m)^cluster: .*$", "cluster: mixed");
            Files.writeString(dir.resolve(Path.of(p).getFileName()), text);
        }
        Report mixed = check(dir.toString(), "linux-64");
        assertEquals("mixed", mixed.clusters().get(0).cluster());
        String qemu = render(new QemuReportRenderer(), mixed);
        assertFalse(qemu.lines().anyMatch(l -> l.startsWith("-cpu")), qemu);
        assertTrue(qemu.contains("# no -cpu option: the hosts' vendors differ"), qemu);
        String pve = render(new ProxmoxReportRenderer(), mixed);
        assertFalse(pve.lines().anyMatch(l -> l.startsWith("cpu")), pve);
        assertEquals(0, parse(render(new LibvirtReportRenderer(), mixed)).getElementsByTagName("cpu").getLength());
        assertFalse(render(new XenReportRenderer(), mixed).contains("cpuid = "));
        assertFalse(render(new VmxReportRenderer(), mixed).lines().anyMatch(l -> l.startsWith("featMask")));
        String nova = render(new NovaReportRenderer(), mixed);
        assertFalse(nova.lines().anyMatch(l -> !l.isEmpty() && !l.startsWith("#")), nova);
        assertTrue(nova.contains("# no [libvirt] section: the hosts' vendors differ"), nova);
        String kubevirt = render(new KubevirtReportRenderer(), mixed);
        assertFalse(kubevirt.lines().anyMatch(l -> !l.isEmpty() && !l.startsWith("#")), kubevirt);
        assertTrue(kubevirt.contains("# no cpu: the hosts' vendors differ"), kubevirt);
    }

    @Test
    void amdClustersGetTheAmdKeysToo() throws Exception {
        Report amd = check("profiles/amd-epyc-milan-genoa", "linux-64");
        String vmx = render(new VmxReportRenderer(), amd);
        List<String> plain = vmx.lines().filter(l -> l.matches("cpuid\\.[0-9a-f.]+e[abcd]x = .*")).toList();
        assertFalse(plain.isEmpty(), vmx);
        for (String l : plain) {
            String amdLine = l.replaceFirst(" = ", ".amd = ");
            assertTrue(vmx.lines().anyMatch(amdLine::equals), amdLine + "\n" + vmx);
        }
        assertTrue(vmx.contains("per-VM EVC mode AMD \"Zen 3\" Generation"), vmx);
    }

    /**
     * A .vmx reader in VMware's syntax: {@code key = "value"} lines, keys {@code cpuid.<hex leaf>[.<subleaf>].<reg>[.amd]}
     * with 32 mask characters in colon-separated groups of four, or {@code featMask.vm.cpuid.<NAME>} with
     * {@code Val:0}; "# == cluster C, guest G:" opens a section.
     */
    static Map<String, MaskString> parseVmx(String text) {
        Pattern section = Pattern.compile("^# == cluster (.*), guest (\\S+): .*$");
        Pattern line = Pattern.compile("^(cpuid\\.(?:0|[1-9a-f][0-9a-f]{0,7})(?:\\.[0-9]+)?\\.e[abcd]x)(\\.amd)? = "
                + "\"([-01RHXTF]{4}(?::[-01RHXTF]{4}){7})\"$");
        Pattern featMask = Pattern.compile("^featMask\\.vm\\.cpuid\\.[A-Z0-9_]+ = \"Val:0\"$");
        Map<String, MaskString> out = new TreeMap<>();
        String current = null;
        for (String l : text.split("\n")) {
            Matcher s = section.matcher(l);
            Matcher m = line.matcher(l);
            if (s.matches()) {
                current = s.group(1) + "/" + s.group(2);
            } else if (m.matches()) {
                if (current == null) {
                    throw new AssertionError("mask line outside a section: " + l);
                }
                MaskString mask = MaskString.parse(m.group(3));
                MaskString before = out.put(current + "/" + m.group(1), mask);
                if (before != null && !before.equals(mask)) {
                    throw new AssertionError(".amd key differs from the plain key: " + l);
                }
            } else if (!l.isEmpty() && !l.startsWith("#") && !featMask.matcher(l).matches()) {
                throw new AssertionError("neither comment nor mask: " + l);
            }
        }
        return out;
    }

    @Test
    void xenHidesWhatSomeHostHasAndAnotherLacks() throws Exception {
        for (Report report : List.of(seed, corpus)) {
            String text = render(new XenReportRenderer(), report);
            String line = text.lines().filter(l -> l.startsWith("cpuid = [")).findFirst().orElseThrow();
            assertTrue(line.matches("cpuid = \\[ (\"0x[0-9a-f]{8}(,0x[0-9a-f]{2})?:(e[abcd]x=[x0]{32},?)+\"(, )?)+ \\]"), line);
            ClusterBaseline b = BaselineCalculator.shipped()
                    .cluster("c", report.clusters().get(0).hosts());
            long hidden = Arrays.stream(line.split("[=,\"]")).filter(p -> p.matches("[x0]{32}"))
                    .mapToLong(p -> p.chars().filter(ch -> ch == '0').count()).sum();
            long differing = b.anyHostFeatures().stream().filter(f -> !b.commonFeatures().contains(f)).count();
            assertEquals(differing, hidden, text);
        }
    }

    @Test
    void libvirtCpuIsACustomModelWithFeatures() throws Exception {
        Document doc = parse(render(new LibvirtReportRenderer(), corpus));
        Element cluster = (Element) doc.getElementsByTagName("cluster").item(0);
        assertEquals("intel-mixed", cluster.getAttribute("name"));
        assertEquals("linux-64", cluster.getAttribute("guest"));
        Element cpu = (Element) cluster.getElementsByTagName("cpu").item(0);
        assertEquals(List.of("custom", "exact", "full"),
                List.of(cpu.getAttribute("mode"), cpu.getAttribute("match"), cpu.getAttribute("check")));
        Element model = (Element) cpu.getElementsByTagName("model").item(0);
        assertEquals("forbid", model.getAttribute("fallback"));
        assertEquals("Nehalem", model.getTextContent());
    }

    @Test
    void libvirtCpuElementsValidateWithLibvirtsSchema(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("virt-xml-validate") && onPath("xmllint"),
                "virt-xml-validate/xmllint not installed (Debian: libvirt-clients, libxml2-utils): schema check skipped");
        for (Report report : List.of(seed, corpus)) {
            Document doc = parse(render(new LibvirtReportRenderer(), report));
            NodeList cpus = doc.getElementsByTagName("cpu");
            assertTrue(cpus.getLength() > 0);
            List<Element> elements = IntStream.range(0, cpus.getLength())
                    .mapToObj(i -> (Element) cpus.item(i)).toList();
            assertEquals(List.of(), LibvirtTools.validate(dir, elements));
        }
    }

    @Test
    void namesFromInputCannotBreakTheFiles() throws Exception {
        ClusterResult c = seed.clusters().get(0);
        String evil = "evil\n cpuid.1.edx = \"0000\" --> <x/> ]\r";
        ClusterGuest g = c.clusterGuest();
        ClusterResult renamed = new ClusterResult(new ClusterGuest(evil, g.getGuest(), g.getOs(),
                g.getBits(), g.getHosts(), g.getVendors(), g.getMinimum(), new MaskSet(evil, 0, List.of(g.getGuest()), g.getVendors())),
                c.hosts(), c.status(), c.masks(), c.findings());
        Report report = new Report(seed.toolVersion(), seed.generatedAt(), seed.rulesSha256(), seed.ruleFiles(),
                seed.rules(), seed.inputs(), List.of(renamed), seed.inputErrors(), seed.inputWarnings());
        for (ReportRenderer r : List.of(new VmxReportRenderer(), new XenReportRenderer(),
                new QemuReportRenderer(), new ProxmoxReportRenderer(), new NovaReportRenderer(), new KubevirtReportRenderer())) {
            String text = render(r, report);
            assertTrue(text.lines().filter(l -> l.contains("evil"))
                    .allMatch(l -> l.startsWith("#") || l.matches("(cpu: custom-|cpu-model: )cpuidmask-[a-z0-9-]+")), text);
            assertFalse(text.contains("\r"), text);
        }
        assertEquals(1, parseVmx(render(new VmxReportRenderer(), report)).size());
        // The seed's KubeVirt section has no document (KubeVirt calls its models obsolete): the name stays in comments.
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        assertFalse(yaml.loadAll(render(new KubevirtReportRenderer(), report)).iterator().hasNext());
        Document doc = parse(render(new LibvirtReportRenderer(), report));
        assertEquals(0, doc.getElementsByTagName("x").getLength());
        assertTrue(((Element) doc.getElementsByTagName("cluster").item(0)).getAttribute("name").startsWith("evil?"));
        String pve = render(new ProxmoxReportRenderer(), report);
        assertTrue(pve.lines().filter(l -> l.startsWith("cpu: ")).allMatch(l -> l.matches("cpu: [a-z0-9,=;:\\-]+")), pve);
    }

    private static MaskResult mask(Report r, RegisterKey key) {
        return r.clusters().get(0).masks().stream().filter(m -> m.key().equals(key)).findFirst().orElseThrow();
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static List<String> names(NodeList features) {
        return IntStream.range(0, features.getLength())
                .mapToObj(i -> ((Element) features.item(i)).getAttribute("name")).toList();
    }

    /** The sections of a settings file, each from its {@code # == cluster} line up to the next. */
    static List<String> sections(String text) {
        List<String> sections = new ArrayList<>();
        for (String part : text.split("(?m)^(?=# == cluster )")) {
            if (part.startsWith("# == cluster ")) {
                sections.add(part);
            }
        }
        return sections;
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
