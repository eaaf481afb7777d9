package io.cpuidmask.profile.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl get nodes -o json} with KubeVirt's labels: the sample holds KubeVirt's own test
 * labels of a Skylake node (an older labeller, which leaves out the minimum model's features), the
 * same CPU labelled by a newer labeller, and a control-plane node without KubeVirt.
 */
class KubevirtNodesFormatTest {

    @TempDir
    Path tmp;

    private static final Path SAMPLE = TestDumps.sample("kubevirt-nodes.json");

    private static List<ImportResult> importAll(Path file, ImportOptions options) {
        return new DumpImporter().readAll(file, file.toString(), options);
    }

    private static List<ImportResult> importText(String text) {
        return new DumpImporter().readTextAll("n.json", text, ImportOptions.DEFAULTS);
    }

    @Test
    void oneHostPerLabelledNodeNamedAfterItInTheClusterItsAnnotationNames() {
        List<ImportResult> r = importAll(SAMPLE, ImportOptions.DEFAULTS);
        assertEquals(2, r.size(), r.toString());
        assertTrue(r.stream().allMatch(ImportResult::ok), r.toString());
        assertEquals(List.of("node01", "node02"), r.stream().map(x -> x.profile().host()).toList());
        assertTrue(r.stream().allMatch(x -> x.profile().cluster().equals("kv-lab")), "cluster.x-k8s.io/cluster-name");
        HostProfile p = r.get(0).profile();
        assertEquals("GenuineIntel", p.vendor());
        assertEquals("KubeVirt node, host-model Skylake-Client-IBRS", p.description());
        int ecx1 = p.registers().get(TestDumps.key(1, 0, Register.ECX));
        assertTrue((ecx1 & 1 << 20) != 0 && (ecx1 & 1 << 31) != 0, "sse4.2 and hypervisor are labelled");
        assertTrue(r.get(0).warnings().stream().anyMatch(w -> w.line() == 17 && w.message().contains("'cp01' has no"
                + " KubeVirt CPU labels")), r.get(0).warnings().toString());
    }

    @Test
    void anOlderLabellersMissingMinimumFeaturesComeFromTheModelsTheNodeRuns() {
        List<ImportResult> r = importAll(SAMPLE, ImportOptions.DEFAULTS);
        // node01 (SSE2, CX16, LM, ... never labelled) and node02 (every feature labelled) are one CPU.
        assertEquals(r.get(1).profile().registers(), r.get(0).profile().registers());
        int edx1 = r.get(0).profile().registers().get(TestDumps.key(1, 0, Register.EDX));
        assertTrue((edx1 & 1 << 26) != 0, "SSE2 from the runnable models");
        assertTrue(r.get(0).comments().stream().anyMatch(c -> c.startsWith("this labeller leaves out")));
        assertFalse(r.get(1).comments().stream().anyMatch(c -> c.startsWith("this labeller leaves out")));
    }

    @Test
    void withoutRunnableModelsTheMinimumFeaturesAreUndetermined() {
        DumpReading d = new KubevirtNodesFormat().read("n.json", node("n1",
                "\"cpu-vendor.node.kubevirt.io/Intel\": \"true\", \"cpu-feature.node.kubevirt.io/avx\": \"true\""));
        assertTrue(d.ok(), d.errors().toString());
        assertTrue(d.notes().stream().anyMatch(n -> n.startsWith("00000001.edx is not fully determined")
                && n.contains("SSE2")), d.notes().toString());
        assertEquals(1 << 28, d.cpu().value(1, 0, Register.ECX).getAsInt(), "avx alone; the minimum model's bits untold");
    }

    @Test
    void aSingleNodeObjectIsOneHostAndOptionsWin() throws Exception {
        Path one = Files.writeString(tmp.resolve("one.json"), node("worker-7",
                "\"cpu-vendor.node.kubevirt.io/AMD\": \"true\", \"cpu-feature.node.kubevirt.io/sse2\": \"true\""));
        List<ImportResult> r = importAll(one, new ImportOptions("w7", "prod", null));
        assertEquals(1, r.size());
        assertEquals("w7", r.get(0).profile().host());
        assertEquals("prod", r.get(0).profile().cluster());
        assertEquals("AuthenticAMD", r.get(0).profile().vendor());
        List<ImportResult> many = importAll(SAMPLE, new ImportOptions("one", null, null));
        assertEquals(1, many.size());
        assertTrue(many.get(0).errors().get(0).message().contains("--host names one host, but the file holds 2"));
    }

    @Test
    void aBadLabelCostsOnlyItsNode() {
        String list = "{\"kind\": \"List\", \"items\": [\n" + item("good", "\"cpu-feature.node.kubevirt.io/avx\": \"true\"")
                + ",\n" + item("bad", "\"cpu-feature.node.kubevirt.io/avx\":\n \"yes\"") + "]}\n";
        List<ImportResult> r = importText(list);
        assertEquals(2, r.size());
        assertTrue(r.get(0).ok(), r.get(0).errors().toString());
        assertFalse(r.get(1).ok());
        assertEquals(4, r.get(1).errors().get(0).line(), "the value's line: " + r.get(1).errors());
        assertTrue(r.get(1).errors().get(0).message().contains("is 'yes': KubeVirt writes \"true\""));
    }

    @Test
    void malformedOrForeignJsonIsOneErrorWithItsLine() {
        String deep = "{\"kind\": \"Node\", \"metadata\": {\"labels\": {\"cpu-model.node.kubevirt.io/x\": \"true\"}},\n"
                + "\"status\": " + "[".repeat(100) + "]".repeat(100) + "}";
        List<ImportResult> r = importText(deep);
        assertEquals(1, r.size());
        assertEquals(2, r.get(0).errors().get(0).line(), r.get(0).errors().toString());
        assertTrue(r.get(0).errors().get(0).message().startsWith("malformed JSON"), r.get(0).errors().toString());
        List<ImportResult> pod = importText("{\"kind\": \"List\", \"items\": [\n{\"kind\": \"Pod\", \"metadata\":"
                + " {\"name\": \"p\", \"labels\": {\"cpu-model.node.kubevirt.io/x\": \"true\"}}}]}");
        assertEquals(2, pod.get(0).errors().get(0).line(), pod.get(0).errors().toString());
        assertTrue(pod.get(0).errors().get(0).message().contains("of kind 'Pod', not a Node"));
    }

    private static String node(String name, String labels) {
        return "{\"apiVersion\": \"v1\", \"kind\": \"Node\",\n" + metadata(name, labels) + "}\n";
    }

    private static String item(String name, String labels) {
        return "{\"kind\": \"Node\", " + metadata(name, labels) + "}";
    }

    private static String metadata(String name, String labels) {
        return "\"metadata\": {\"name\": \"" + name + "\", \"labels\": {" + labels + "}}";
    }
}
