package io.cpuidmask.profile.dump;

import io.cpuidmask.profile.ProfileParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cpuidmask import} as an administrator runs it: files written, messages, exit codes. */
class ImportCommandTest {

    @TempDir
    Path tmp;

    private Path dumps() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dumps"));
        String libcpuid = TestDumps.text(TestDumps.sample("xeon-e5520.libcpuid.txt"));
        // Bad inputs sort before the good ones: the batch must go on past them.
        Files.writeString(dir.resolve("a-cut.txt"), libcpuid.substring(0, libcpuid.indexOf("basic_cpuid[5]") + 22));
        Files.writeString(dir.resolve("b-mixed.txt"), "CPUID 00000001: 000306F2-00200800-7FFEFBFF-BFEBFBFF\n"
                + "ID1ECX 0x0000641d\n");
        Files.writeString(dir.resolve("c-garbage.txt"), "CPUID 00000000: 0000000F-756E6547-6C65746E-49656E69\n"
                + "CPUID 00000001: 0002\u0001\u0002-zz\n");
        Files.writeString(dir.resolve("README.txt"), "Dumps of rack 4, taken 2024-05-02.\n");
        Files.copy(TestDumps.sample("esx-a.vmware.txt"), dir.resolve("esx-a.txt"));
        Files.copy(TestDumps.sample("this-host.cpuid-1r.txt"), dir.resolve("kvm-1.txt"));
        return dir;
    }

    @Test
    void badFilesAreReportedAsFileLineAndTheRestIsImported() throws IOException {
        Path out = tmp.resolve("profiles");
        Path unknown = Files.writeString(tmp.resolve("inventory.txt"), "host esx-a: rack 4\n");
        Path binary = Files.write(tmp.resolve("core"), new byte[] {0x7f, 'E', 'L', 'F', 0, 1});
        TestDumps.Run r = TestDumps.cli("import", dumps().toString(), unknown.toString(), binary.toString(), "--out",
                out.toString(), "--cluster", "lab");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("a-cut.txt:9: file ends in the middle of a line"), r.err());
        assertTrue(r.err().contains("b-mixed.txt:1: mixed input formats"), r.err());
        assertTrue(r.err().contains("c-garbage.txt:2: malformed CPUID line"), r.err());
        assertTrue(r.err().contains("inventory.txt:1: unknown input format ("), r.err());
        assertTrue(r.err().contains("core:1: binary content"), r.err());
        assertFalse(r.err().contains("README"), "a folder's non-dump file is not an input");
        assertTrue(r.err().contains("wrote " + out.resolve("esx-a.yaml").toString().replace('\\', '/')), r.err());
        assertEquals("", r.out(), "import's results are files: what it wrote is a diagnostic, on stderr");
        assertEquals(List.of("esx-a.yaml", "kvm-1.yaml"), list(out));
        String yaml = Files.readString(out.resolve("kvm-1.yaml"));
        assertTrue(yaml.startsWith("# source: "), yaml);
        assertTrue(yaml.lines().findFirst().orElseThrow().contains("cpuid -r / -1r"), yaml);
        ProfileParser.Result back = new ProfileParser().parse("kvm-1.yaml", yaml);
        assertEquals(List.of(), back.errors());
        assertEquals("lab", back.hosts().get(0).cluster());
    }

    @Test
    void aDifferentExistingProfileIsKeptUnlessForced() throws IOException {
        Path out = tmp.resolve("profiles");
        Path dump = TestDumps.sample("esx-a.vmware.txt");
        assertEquals(0, TestDumps.cli("import", dump.toString(), "--host", "esx-a", "--out", out.toString()).code());
        TestDumps.Run again = TestDumps.cli("import", dump.toString(), "--host", "esx-a", "--out", out.toString());
        assertEquals(0, again.code());
        assertTrue(again.err().startsWith("unchanged "), again.err());
        Files.writeString(out.resolve("esx-a.yaml"), "# edited by hand\n", StandardOpenOption.APPEND);
        TestDumps.Run refused = TestDumps.cli("import", dump.toString(), "--host", "esx-a", "--out", out.toString());
        assertEquals(3, refused.code());
        assertTrue(refused.err().contains("esx-a.yaml: exists with different content; not overwritten"), refused.err());
        assertTrue(Files.readString(out.resolve("esx-a.yaml")).contains("edited by hand"));
        TestDumps.Run forced = TestDumps.cli("import", dump.toString(), "--host", "esx-a", "--out", out.toString(),
                "--force");
        assertEquals(0, forced.code(), forced.err());
        assertFalse(Files.readString(out.resolve("esx-a.yaml")).contains("edited by hand"));
    }

    /** A link in --out to a file elsewhere is never followed, not even with --force; no temporary file is left. */
    @Test
    void aSymbolicLinkInTheOutFolderIsNotFollowed() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("profiles"));
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "precious\n");
        Files.createSymbolicLink(out.resolve("esx-a.yaml"), outside);
        Path dump = TestDumps.sample("esx-a.vmware.txt");
        for (List<String> extra : List.of(List.<String>of(), List.of("--force"))) {
            List<String> args = new ArrayList<>(List.of("import", dump.toString(), "--host", "esx-a",
                    "--out", out.toString()));
            args.addAll(extra);
            TestDumps.Run r = TestDumps.cli(args.toArray(String[]::new));
            assertEquals(3, r.code(), r.err());
            assertTrue(r.err().contains("esx-a.yaml: is a symbolic link"), r.err());
            assertEquals("precious\n", Files.readString(outside));
        }
        try (var files = Files.list(out)) {
            assertEquals(List.of("esx-a.yaml"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void usageErrorsExitTwo() {
        Path a = TestDumps.sample("esx-a.vmware.txt");
        Path b = TestDumps.sample("esx-b.vmware.txt");
        assertEquals(2, TestDumps.cli("import", a.toString(), b.toString(), "--host", "x", "--out",
                tmp.toString()).code());
        TestDumps.Run badFormat = TestDumps.cli("import", a.toString(), "--from", "excel", "--out", tmp.toString());
        assertEquals(2, badFormat.code());
        assertTrue(badFormat.err().contains("vsphere-json"), badFormat.err());
        assertEquals(2, TestDumps.cli("import").code());
    }

    @Test
    void forcedFormatThatDoesNotFitIsAnInputError() {
        TestDumps.Run r = TestDumps.cli("import", TestDumps.sample("esx-a.vmware.txt").toString(), "--from", "cpuid",
                "--out", tmp.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("esx-a.vmware.txt:1: no '0xLEAF"), r.err());
    }

    @Test
    void twoDumpsNamingTheSameHostWriteOnlyTheFirst() throws IOException {
        Path x = Files.createDirectories(tmp.resolve("x"));
        Path y = Files.createDirectories(tmp.resolve("y"));
        Files.copy(TestDumps.sample("esx-a.vmware.txt"), x.resolve("esx.txt"));
        Files.copy(TestDumps.sample("esx-b.vmware.txt"), y.resolve("esx.txt"));
        TestDumps.Run r = TestDumps.cli("import", x.toString(), y.toString(), "--out", tmp.resolve("p").toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("duplicate host name 'esx'"), r.err());
        assertTrue(Files.readString(tmp.resolve("p/esx.yaml")).contains("0x0000641d"));
    }

    private static List<String> list(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
