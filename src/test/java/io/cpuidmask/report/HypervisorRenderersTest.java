package io.cpuidmask.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpuidmask.catalog.FeatureCatalog;
import io.cpuidmask.engine.ClusterResult;
import io.cpuidmask.engine.MaskResult;
import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The hypervisor formats on the seed and on a corpus cluster (intel-mixed: Nehalem, Sandy Bridge, Haswell). */
class HypervisorRenderersTest {

    private static final FeatureCatalog FEATURES = FeatureCatalog.shipped();
    private static Report seed;
    private static Report corpus;

    @BeforeAll
    static void run() throws Exception {
        seed = check("profiles/seed", "windows");
        corpus = check("profiles/intel-mixed", "linux-64");
    }

    static Report check(String profiles, String guest) throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        return new CheckRun(FEATURES, clock).run(new CheckRequest(List.of(Path.of(profiles)), List.of(guest),
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
        assertTrue(vmx.lines().anyMatch(l -> l.equals("cpuid.1.ecx = \"---- ---- ---- ---- ---- ---- ---0 -0-0\"")), vmx);
        assertTrue(vmx.contains("# hides SSE3, DTES64, DS_CPL"), vmx);
        assertEquals(1, vmx.lines().filter(l -> l.startsWith("cpuid.")).count(), vmx);
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

    /** A .vmx reader: "# == cluster C, guest G:" opens a section; cpuid.* = "mask" lines belong to it. */
    static Map<String, MaskString> parseVmx(String text) {
        Pattern section = Pattern.compile("^# == cluster (.*), guest (\\S+): .*$");
        Pattern line = Pattern.compile("^(cpuid\\.[0-9a-f]+(?:\\.[0-9]+)?\\.e[abcd]x) = \"([^\"]*)\"$");
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
                out.put(current + "/" + m.group(1), MaskString.parse(m.group(2)));
            } else if (!l.isEmpty() && !l.startsWith("#")) {
                throw new AssertionError("neither comment nor mask: " + l);
            }
        }
        return out;
    }

    @Test
    void xenStringsOfTheSeedAndTheCorpus() throws Exception {
        String xen = render(new XenReportRenderer(FEATURES), seed);
        assertTrue(xen.contains("cpuid = [ \"0x00000001:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxx0x0x0\" ]"), xen);
        assertTrue(xen.contains("# or, in libxl syntax: cpuid = \"host,sse3=0,dtes64=0,dscpl=0\""), xen);
        String corpusXen = render(new XenReportRenderer(FEATURES), corpus);
        String expected7 = "\"0x00000007,0x00:ebx=" + XenReportRenderer.bitString(
                mask(corpus, RegisterKey.of(7, 0, Register.EBX)).hiddenBits());
        assertTrue(corpusXen.contains(expected7), corpusXen);
        assertTrue(corpusXen.lines().filter(l -> l.startsWith("cpuid = [")).allMatch(l ->
                l.matches("cpuid = \\[ (\"0x[0-9a-f]{8}(,0x[0-9a-f]{2})?:(e[abcd]x=[x0]{32},?)+\"(, )?)+ \\]")), corpusXen);
    }

    @Test
    void qemuAndProxmoxUseQemuNames() throws Exception {
        String qemu = render(new QemuReportRenderer(FEATURES), seed);
        assertTrue(qemu.lines().anyMatch(l -> l.equals("-cpu host,-pni,-dtes64,-ds-cpl")), qemu);
        String pve = render(new ProxmoxReportRenderer(FEATURES), seed);
        assertTrue(pve.contains("#     flags -pni;-dtes64;-ds-cpl\n"), pve);
        assertTrue(pve.lines().anyMatch(l -> l.equals("cpu: custom-cpuidmask-seed-windows")), pve);
        // intel-mixed linux-64 hides the Haswell extras: every flag is a QEMU name
        String corpusQemu = render(new QemuReportRenderer(FEATURES), corpus);
        String line = corpusQemu.lines().filter(l -> l.startsWith("-cpu host,")).findFirst().orElseThrow();
        assertTrue(line.contains(",-avx2") && line.contains(",-pclmulqdq") && line.contains(",-aes"), line);
    }

    @Test
    void proxmoxVmFlagsOnlyWhenAllowed() throws Exception {
        String pve = render(new ProxmoxReportRenderer(FEATURES), corpus);
        for (String l : pve.lines().filter(l -> l.startsWith("cpu: host,flags=")).toList()) {
            for (String f : l.substring("cpu: host,flags=".length()).split(";")) {
                assertTrue(ProxmoxReportRenderer.VM_FLAGS.contains(f.substring(1)), l);
            }
        }
    }

    @Test
    void libvirtXmlIsWellFormedAndUsesLibvirtNames() throws Exception {
        Document doc = parse(render(new LibvirtReportRenderer(FEATURES), seed));
        Element cluster = (Element) doc.getElementsByTagName("cluster").item(0);
        assertEquals("seed", cluster.getAttribute("name"));
        assertEquals("windows", cluster.getAttribute("guest"));
        NodeList features = cluster.getElementsByTagName("feature");
        assertEquals(List.of("pni", "dtes64", "ds_cpl"), names(features));
        Document corpusDoc = parse(render(new LibvirtReportRenderer(FEATURES), corpus));
        assertTrue(names(corpusDoc.getElementsByTagName("feature")).containsAll(List.of("avx2", "pclmuldq", "aes")));
    }

    @Test
    void libvirtCpuElementsValidateWithLibvirtsSchema(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("virt-xml-validate") && onPath("xmllint"),
                "virt-xml-validate/xmllint not installed (Debian: libvirt-clients, libxml2-utils): schema check skipped");
        for (Report report : List.of(seed, corpus)) {
            Document doc = parse(render(new LibvirtReportRenderer(FEATURES), report));
            NodeList cpus = doc.getElementsByTagName("cpu");
            assertTrue(cpus.getLength() > 0);
            for (int i = 0; i < cpus.getLength(); i++) {
                Path file = dir.resolve("cpu" + i + ".xml");
                var t = javax.xml.transform.TransformerFactory.newInstance().newTransformer();
                t.transform(new javax.xml.transform.dom.DOMSource(cpus.item(i)),
                        new javax.xml.transform.stream.StreamResult(file.toFile()));
                Process p = new ProcessBuilder("virt-xml-validate", file.toString(), "cpu").redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), Files.readString(file) + "\n" + output);
            }
        }
    }

    @Test
    void namesFromInputCannotBreakTheFiles() throws Exception {
        ClusterResult c = seed.clusters().get(0);
        String evil = "evil\n cpuid.1.edx = \"0000\" --> <x/> ]\r";
        io.cpuidmask.facts.ClusterGuest g = c.clusterGuest();
        ClusterResult renamed = new ClusterResult(new io.cpuidmask.facts.ClusterGuest(evil, g.getGuest(), g.getOs(),
                g.getBits(), g.getHosts(), g.getVendors(), g.getMinimum()), c.hosts(), c.status(), c.masks(), c.findings());
        Report report = new Report(seed.toolVersion(), seed.generatedAt(), seed.rulesSha256(), seed.ruleFiles(),
                seed.rules(), seed.inputs(), List.of(renamed), seed.inputErrors(), seed.inputWarnings());
        for (ReportRenderer r : List.of(new VmxReportRenderer(), new XenReportRenderer(FEATURES),
                new QemuReportRenderer(FEATURES), new ProxmoxReportRenderer(FEATURES))) {
            String text = render(r, report);
            assertTrue(text.lines().filter(l -> l.contains("evil"))
                    .allMatch(l -> l.startsWith("#") || l.matches("cpu: custom-cpuidmask-[a-z0-9-]+")), text);
            assertFalse(text.contains("\r"), text);
        }
        assertEquals(1, parseVmx(render(new VmxReportRenderer(), report)).size());
        Document doc = parse(render(new LibvirtReportRenderer(FEATURES), report));
        assertEquals(0, doc.getElementsByTagName("x").getLength());
        assertTrue(((Element) doc.getElementsByTagName("cluster").item(0)).getAttribute("name").startsWith("evil?"));
        String pve = render(new ProxmoxReportRenderer(FEATURES), report);
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
        return java.util.stream.IntStream.range(0, features.getLength())
                .mapToObj(i -> ((Element) features.item(i)).getAttribute("name")).toList();
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
