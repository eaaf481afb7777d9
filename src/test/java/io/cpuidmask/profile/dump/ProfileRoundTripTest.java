package io.cpuidmask.profile.dump;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.SourceRef;
import io.cpuidmask.profile.ProfileParser;
import io.cpuidmask.profile.ProfileYamlWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What import writes, the existing YAML parser reads back unchanged. */
class ProfileRoundTripTest {

    @TestFactory
    Stream<DynamicTest> everyImportedProfileReadsBackEqual() {
        List<Path> files = new ArrayList<>(List.of(TestDumps.sample("esx-a.vmware.txt"),
                TestDumps.sample("xeon-e5520.libcpuid.txt"), TestDumps.sample("this-host.cpuid-r.txt"),
                TestDumps.sample("epyc-7763.libvirt.xml"), TestDumps.sample("esx-irwindale.vsphere.json"),
                TestDumps.sample("this-host.cpuinfo.txt"), TestDumps.sample("skylake-client.virsh-capabilities.xml"),
                TestDumps.sample("epyc-rome.virsh-domcapabilities.xml")));
        files.addAll(TestDumps.corpusFilesIfPresent());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            ImportResult r = TestDumps.importFile(f);
            assertTrue(r.ok(), r.errors().toString());
            assertReadsBack(r.profile(), r.comments());
        }));
    }

    @Test
    void everyNodeOfAKubernetesListReadsBackEqual() {
        Path nodes = TestDumps.sample("kubevirt-nodes.json");
        List<ImportResult> all = new DumpImporter().readAll(nodes, nodes.toString(), ImportOptions.DEFAULTS);
        assertEquals(2, all.size());
        all.forEach(r -> assertReadsBack(r.profile(), r.comments()));
    }

    @Test
    void namesWithQuotesColonsAndHashesStayText() {
        HostProfile p = new HostProfile("esx \"a\": #1 \\ lab", "c: d", "GenuineIntel", "Xeon # 3.2 GHz: 'x'",
                new TreeMap<>(Map.of(TestDumps.key(1, 0, Register.ECX), 0x641d)),
                new SourceRef("x", 1), Map.of());
        assertReadsBack(p, List.of("source: a\nhost: injected", "# nested"));
    }

    @Test
    void microcodeAndFirmwareReadBack() {
        HostProfile p = new HostProfile("h", "c", "GenuineIntel", "",
                new TreeMap<>(Map.of(TestDumps.key(1, 0, io.cpuidmask.model.Register.ECX), 0x641d)),
                new SourceRef("x", 1), Map.of(), 0xdeL, "2.19.0 \"beta\": #2");
        String yaml = ProfileYamlWriter.write(p, List.of());
        assertTrue(yaml.contains("\nmicrocode: 0xde\n"), yaml);
        assertReadsBack(p, List.of());
    }

    private static void assertReadsBack(HostProfile p, List<String> comments) {
        String yaml = ProfileYamlWriter.write(p, comments);
        ProfileParser.Result back = new ProfileParser().parse("back.yaml", yaml);
        assertEquals(List.of(), back.errors(), yaml);
        HostProfile q = back.hosts().get(0);
        assertEquals(p.host(), q.host());
        assertEquals(p.cluster(), q.cluster());
        assertEquals(p.vendor(), q.vendor());
        assertEquals(p.description(), q.description());
        assertEquals(p.registers(), q.registers());
        assertEquals(p.microcode(), q.microcode());
        assertEquals(p.firmware(), q.firmware());
        assertTrue(yaml.lines().filter(l -> l.contains("eax:") || l.contains("edx:"))
                .allMatch(l -> l.matches("    e[a-d]x: 0x[0-9a-f]{8}")), "0x and 8 hex digits");
    }
}
