package io.cpuidmask.profile.dump;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /proc/cpuinfo against the real registers: both samples were taken on the same machine, so the
 * flags-built profile must equal the cpuid -1r profile wherever flags determine a register.
 */
class ProcCpuinfoFormatTest {

    @Test
    void flagsRebuildTheRegistersThatFlagsDetermine() {
        ImportResult fromFlags = TestDumps.importFile(TestDumps.sample("this-host.cpuinfo.txt"));
        ImportResult exact = TestDumps.importFile(TestDumps.sample("this-host.cpuid-1r.txt"));
        assertTrue(fromFlags.ok(), fromFlags.errors().toString());
        HostProfile p = fromFlags.profile();
        HostProfile real = exact.profile();
        for (RegisterKey k : List.of(TestDumps.key(0, 0, Register.EAX), TestDumps.key(0, 0, Register.EBX),
                TestDumps.key(0, 0, Register.ECX), TestDumps.key(0, 0, Register.EDX), TestDumps.key(1, 0, Register.EAX),
                TestDumps.key(1, 0, Register.ECX), TestDumps.key(1, 0, Register.EDX), TestDumps.key(7, 0, Register.EBX),
                TestDumps.key(7, 1, Register.EAX), TestDumps.key(0xD, 1, Register.EAX),
                TestDumps.key(0x8000_0001L, 0, Register.EDX), TestDumps.key(0x8000_0007L, 0, Register.EDX))) {
            assertEquals(real.registers().get(k), p.registers().get(k), k.label());
        }
        assertEquals("AuthenticAMD", p.vendor());
        assertEquals("AMD EPYC", p.description());
        assertNull(p.registers().get(TestDumps.key(1, 0, Register.EBX)), "APIC ids are not in cpuinfo");
        assertEquals(0x1000065L, p.microcode(), "the microcode line of processor 0");
    }

    @Test
    void aMicrocodeLineThatIsNoRevisionIsAnErrorAtItsLine() {
        String text = "processor\t: 0\nvendor_id\t: GenuineIntel\nmicrocode\t: latest\nflags\t\t: fpu sse2\n\n";
        DumpReading r = new ProcCpuinfoFormat().read("mc.txt", text);
        assertFalse(r.ok());
        assertEquals(3, r.errors().get(0).line());
        assertTrue(r.errors().get(0).message().contains("microcode revision 'latest'"), r.errors().toString());
    }

    @Test
    void registersFlagsCannotDetermineAreMarkedAndWarned() {
        ImportResult r = TestDumps.importFile(TestDumps.sample("this-host.cpuinfo.txt"));
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).message().contains("80000008.ebx"), r.warnings().toString());
        assertTrue(r.comments().stream().anyMatch(c -> c.startsWith("80000008.ebx is not fully determined")),
                r.comments().toString());
        // 7.0 ECX bit 7 (CET_SS) has no Linux flag: the register is marked, the bit left 0.
        assertTrue(r.comments().stream().anyMatch(c -> c.startsWith("00000007.ecx") && c.contains("CET_SS")));
        assertEquals(20, r.warnings().get(0).line(), "the flags line");
    }

    @Test
    void aFlagsLineCutOffAtTheEndIsAnError() {
        String text = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\n"
                + "stepping\t: 4\nflags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pg";
        DumpReading r = new ProcCpuinfoFormat().read("cut.txt", text);
        assertFalse(r.ok());
        assertEquals(6, r.errors().get(0).line());
    }

    @Test
    void signatureComesFromFamilyModelStepping() {
        // Xeon Gold 6130 (corpus skylake dump): family 6, model 85, stepping 4 -> 0x00050654.
        String text = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\n"
                + "stepping\t: 4\ncpuid level\t: 22\nflags\t\t: fpu sse2\n\n";
        DumpReading r = new ProcCpuinfoFormat().read("skx.txt", text);
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(0x00050654, r.cpu().value(1, 0, Register.EAX).getAsInt());
        assertEquals(22, r.cpu().value(0, 0, Register.EAX).getAsInt());
        assertEquals("GenuineIntel", r.vendor());
    }
}
