package io.cpuidmask.profile.dump;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.profile.ProfileLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** check (and everything on ProfileLoader) takes dumps directly, mixed with YAML profiles. */
class CheckWithDumpsTest {

    @TempDir
    Path tmp;

    private Path mixedFolder() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("hosts"));
        Files.copy(Path.of("profiles/seed/esx-a.yaml"), dir.resolve("esx-a.yaml"));
        Files.copy(TestDumps.sample("xeon-e5520.libcpuid.txt"), dir.resolve("nhm-1.txt"));
        Files.copy(TestDumps.sample("this-host.cpuid-1r.txt"), dir.resolve("kvm-1"));
        Files.writeString(dir.resolve("NOTES.txt"), "taken on 2024-05-02\n");
        return dir;
    }

    @Test
    void loaderReadsDumpsBesideYamlAndSkipsOtherFilesInFolders() throws IOException {
        ProfileLoader.Loaded loaded = new ProfileLoader().load(List.of(mixedFolder()));
        assertEquals(List.of(), loaded.errors());
        assertEquals(List.of("esx-a.lab", "kvm-1", "nhm-1"),
                loaded.hosts().stream().map(HostProfile::host).sorted().toList());
        HostProfile nhm = loaded.hosts().stream().filter(h -> h.host().equals("nhm-1")).findFirst().orElseThrow();
        assertTrue(nhm.source().file().endsWith("nhm-1.txt"));
        assertEquals(5, nhm.lineOf(TestDumps.key(1, 0, Register.ECX)), "line of basic_cpuid[1]");
        assertEquals(3, loaded.inputs().size(), "NOTES.txt is not an input");
    }

    @Test
    void aListOfKubernetesNodesIsOneHostPerLabelledNodeForCheckAndImport() throws IOException {
        Path out = tmp.resolve("reports");
        TestDumps.Run r = TestDumps.cli("check", TestDumps.sample("kubevirt-nodes.json").toString(), "--guest",
                "linux-64", "--format", "json", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("kubevirt-nodes.json:17: node 'cp01' has no KubeVirt CPU labels"), r.err());
        JsonNode cluster = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("clusters").get(0);
        assertEquals("kv-lab", cluster.get("cluster").asText());
        assertEquals("[\"node01\",\"node02\"]", cluster.get("hosts").toString());
        Path profiles = tmp.resolve("profiles");
        TestDumps.Run imported = TestDumps.cli("import", TestDumps.sample("kubevirt-nodes.json").toString(), "--out",
                profiles.toString(), "--cluster", "kv");
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.err().contains("(host node02, cluster kv, kubevirt from "), imported.err());
        assertTrue(Files.readString(profiles.resolve("node01.yaml")).contains("cluster: \"kv\""));
    }

    @Test
    void microcodeDriftBetweenImportedHostsIsWarnedWhereNoBitDiffers() throws IOException {
        // Three copies of one host's virsh capabilities; one still runs microcode 236 (0xec), two 240 (0xf0).
        Path dir = Files.createDirectories(tmp.resolve("kvm"));
        String caps = Files.readString(TestDumps.sample("skylake-client.virsh-capabilities.xml"));
        Files.writeString(dir.resolve("kvm-a.xml"), caps.replace("version='236'", "version='240'"));
        Files.writeString(dir.resolve("kvm-b.xml"), caps.replace("version='236'", "version='240'"));
        Files.writeString(dir.resolve("kvm-c.xml"), caps);
        Path out = tmp.resolve("drift");
        TestDumps.Run r = TestDumps.cli("check", dir.toString(), "--guest", "linux-64", "--format", "json",
                "--out", out.toString());
        JsonNode cluster = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("clusters").get(0);
        assertEquals("RISKY", cluster.get("status").asText(), r.out() + r.err());
        List<JsonNode> drift = new java.util.ArrayList<>();
        cluster.get("findings").forEach(f -> {
            if (f.get("rule").asText().equals("microcode-drift")) {
                drift.add(f);
            }
        });
        assertEquals(1, drift.size(), cluster.toString());
        assertEquals("kvm-c", drift.get(0).get("host").asText());
        assertTrue(drift.get(0).get("message").asText().startsWith("host kvm-c (GenuineIntel family 6 model 142 stepping"
                + " 12) runs microcode 0xec; 2 of its 3 hosts run 0xf0."), drift.get(0).toString());
    }

    @Test
    void aFolderOfCorpusDumpsIsValidInput() {
        List<Path> corpus = TestDumps.corpusFiles();
        ProfileLoader.Loaded loaded = new ProfileLoader().load(List.of(TestDumps.CORPUS));
        assertEquals(List.of(), loaded.errors());
        assertEquals(corpus.size(), loaded.hosts().size());
    }

    @Test
    void checkReportsDumpHostsAndNamedUnknownFilesExitThree() throws IOException {
        Path out = tmp.resolve("reports");
        Path unknown = Files.writeString(tmp.resolve("inventory.txt"), "esx-a rack 4\n");
        TestDumps.Run r = TestDumps.cli("check", mixedFolder().toString(), unknown.toString(), "--guest", "windows",
                "--format", "json", "--out", out.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("inventory.txt:1: unknown input format ("), r.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        int hosts = 0;
        for (JsonNode cluster : report.get("clusters")) {
            hosts += cluster.get("hosts").size();
        }
        assertEquals(3, hosts, report.toString());
    }

    @Test
    void checkOfAFolderOfDumpsAloneHasNoInputErrors() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dumps"));
        Files.copy(TestDumps.sample("esx-a.vmware.txt"), dir.resolve("esx-a.txt"));
        Files.copy(TestDumps.sample("esx-b.vmware.txt"), dir.resolve("esx-b.txt"));
        TestDumps.Run r = TestDumps.cli("check", dir.toString(), "--guest", "windows", "--format", "json", "--out",
                tmp.resolve("reports").toString());
        assertNotEquals(3, r.code(), r.err());
        assertFalse(r.err().contains("unknown input format"), r.err());
    }
}
