package io.cpuidmask.profile.dump;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** snapshot: the real cpuid driver where this machine has one, and the fallbacks everywhere. */
class HostSnapshotTest {

    private static final Path DEVICE = Path.of("/dev/cpu/0/cpuid");

    @TempDir
    Path tmp;

    @Test
    void cpuidDriverGivesThisCpusRegisters() {
        Assumptions.assumeTrue(Files.isReadable(DEVICE), DEVICE + " is not readable here (no cpuid module, not root,"
                + " or not Linux x86): the device snapshot test is skipped");
        HostSnapshot.Snapshot s = new HostSnapshot().take(new ImportOptions("me", null, null), HostSnapshot.Source.DEVICE);
        assertTrue(s.result().ok(), s.result().errors().toString());
        assertEquals(HostSnapshot.Source.DEVICE, s.source());
        HostProfile p = s.result().profile();
        assertTrue(HostProfile.decodeVendor(p.registers()).isPresent(), "leaf 0 spells a vendor: " + p.registers());
        assertTrue(p.registers().get(TestDumps.key(0, 0, Register.EAX)) >= 1, "max basic leaf");
        assertTrue(p.registers().containsKey(TestDumps.key(0x8000_0001L, 0, Register.EDX)));
    }

    @Test
    void cpuidDriverAndCpuidToolAgreeOnEveryRegisterButApicIds() {
        Assumptions.assumeTrue(Files.isReadable(DEVICE), DEVICE + " is not readable here: skipped");
        HostSnapshot real = new HostSnapshot();
        HostSnapshot.Snapshot tool = real.take(ImportOptions.DEFAULTS, HostSnapshot.Source.CPUID_TOOL);
        Assumptions.assumeTrue(tool.result().ok(), "the cpuid tool is not installed here: skipped");
        HostProfile fromDevice = real.take(ImportOptions.DEFAULTS, HostSnapshot.Source.DEVICE).result().profile();
        HostProfile fromTool = tool.result().profile();
        assertEquals(fromTool.registers().keySet(), fromDevice.registers().keySet());
        fromTool.registers().forEach((k, v) -> {
            if (!k.equals(TestDumps.key(1, 0, Register.EBX))) { // APIC id of whichever CPU cpuid -1r ran on
                assertEquals(v, fromDevice.registers().get(k), k.label());
            }
        });
    }

    @Test
    void snapshotCommandWritesTheProfileAndNamesItsSource() {
        Assumptions.assumeTrue(Files.isReadable(DEVICE), DEVICE + " is not readable here: skipped");
        TestDumps.Run r = TestDumps.cli("snapshot", "--host", "this-machine", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("source: the Linux cpuid driver (/dev/cpu/0/cpuid): exact"), r.err());
        assertEquals("", r.out());
        assertTrue(Files.exists(tmp.resolve("this-machine.yaml")));
    }

    @Test
    void withoutTheDriverTheCpuidToolIsUsed() {
        Path output = TestDumps.sample("this-host.cpuid-1r.txt").toAbsolutePath();
        HostSnapshot snapshot = new HostSnapshot(tmp.resolve("no-device"), List.of("cat", output.toString()),
                tmp.resolve("no-cpuinfo"), false);
        HostSnapshot.Snapshot s = snapshot.take(new ImportOptions("kvm", null, null), null);
        Assumptions.assumeTrue(s.source() != HostSnapshot.Source.CPUINFO || !s.result().ok(),
                "no 'cat' command here: skipped");
        assertEquals(HostSnapshot.Source.CPUID_TOOL, s.source(), s.skipped().toString());
        assertTrue(s.skipped().get(0).contains("missing"), s.skipped().toString());
        assertEquals(0x00a10f11, s.result().profile().registers().get(TestDumps.key(1, 0, Register.EAX)));
        assertTrue(s.result().warnings().get(0).message().contains("virtual machine"), "the sample is a KVM guest");
    }

    @Test
    void microcodeComesFromCpuinfoAndFirmwareFromDmiWhateverGaveTheRegisters() throws Exception {
        Path output = TestDumps.sample("this-host.cpuid-1r.txt").toAbsolutePath();
        Path bios = tmp.resolve("bios_version");
        Files.writeString(bios, "2.19.0\n");
        HostSnapshot snapshot = new HostSnapshot(tmp.resolve("no-device"), List.of("cat", output.toString()),
                TestDumps.sample("this-host.cpuinfo.txt"), false, bios);
        HostSnapshot.Snapshot s = snapshot.take(new ImportOptions("kvm", null, null), HostSnapshot.Source.CPUID_TOOL);
        Assumptions.assumeTrue(s.result().ok(), "no 'cat' command here: skipped");
        assertEquals(0x1000065L, s.result().profile().microcode());
        assertEquals("2.19.0", s.result().profile().firmware());
        assertTrue(s.result().comments().stream().anyMatch(c -> c.startsWith("firmware version from ")),
                s.result().comments().toString());
        Files.writeString(bios, "2.19.0\u202e\n");
        HostSnapshot.Snapshot bidi = snapshot.take(new ImportOptions("kvm", null, null), HostSnapshot.Source.CPUID_TOOL);
        assertNull(bidi.result().profile().firmware(), "an unprintable BIOS version is left out, not kept");
    }

    @Test
    void lastResortIsProcCpuinfoAndSaysSo() {
        HostSnapshot snapshot = new HostSnapshot(tmp.resolve("no-device"), List.of(tmp.resolve("no-cpuid").toString()),
                TestDumps.sample("this-host.cpuinfo.txt"), false);
        HostSnapshot.Snapshot s = snapshot.take(new ImportOptions("kvm", null, null), null);
        assertEquals(HostSnapshot.Source.CPUINFO, s.source());
        assertTrue(s.result().ok(), s.result().errors().toString());
        assertEquals(2, s.skipped().size());
        assertTrue(HostSnapshot.Source.CPUINFO.accuracy().startsWith("approximate"));
    }

    @Test
    void noSourceAtAllIsAFailureNotAnEmptyProfile() {
        HostSnapshot snapshot = new HostSnapshot(tmp.resolve("no-device"), List.of(tmp.resolve("no-cpuid").toString()),
                tmp.resolve("no-cpuinfo"), false);
        HostSnapshot.Snapshot s = snapshot.take(ImportOptions.DEFAULTS, null);
        assertFalse(s.result().ok());
        assertEquals(3, s.skipped().size());
    }
}
