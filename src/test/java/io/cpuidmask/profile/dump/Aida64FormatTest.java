package io.cpuidmask.profile.dump;

import io.cpuidmask.model.Register;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AIDA64 / InstLatx64 specifics: subleaf forms, CPU blocks, differing CPUs, bad lines. */
class Aida64FormatTest {

    // Lines of logical CPU #0 of corpus amd/bulldozer/amd-opteron-processor-6274-dual.test.
    private static final String BULLDOZER = """
            ------[ Logical CPU #0 ]------
            CPUID 00000000: 0000000D-68747541-444D4163-69746E65
            CPUID 00000001: 00600F12-00100800-1E98220B-178BFBFF
            CPUID 00000007: 00000000-00000000-00000000-00000000
            CPUID 0000000D: 00000007-00000340-000003C0-40000000
            CPUID 0000000D: 00000100-00000240-00000000-00000000
            CPUID 80000000: 8000001E-68747541-444D4163-69746E65
            CPUID 80000001: 00600F12-30000000-01C9BFFF-2FD3FBFF
            """;

    // Lines of logical CPU #0 of corpus intel/x86-64/haswell/intel-xeon-cpu-e5-2660-v3-dual.test, tags dropped.
    private static final String HASWELL_UNTAGGED = """
            CPUID 00000000: 0000000F-756E6547-6C65746E-49656E69
            CPUID 0000000D: 00000007-00000340-00000340-00000000
            CPUID 0000000D: 00000001-00000000-00000000-00000000
            CPUID 0000000D: 00000100-00000240-00000000-00000000
            """;

    private final Aida64Format format = new Aida64Format();

    @Test
    void untaggedXsaveLinesFollowTheStateComponentsNotACounter() {
        DumpReading r = format.read("bulldozer.txt", BULLDOZER);
        assertTrue(r.ok(), r.errors().toString());
        // 0xD.0 EAX = 7 (x87, SSE, AVX): the second line is subleaf 2 (AVX: 256 bytes at 576), not 1.
        assertEquals(0x100, r.cpu().value(0xD, 2, Register.EAX).getAsInt());
        assertFalse(r.cpu().has(0xD, 1));
    }

    @Test
    void anExtraUntaggedXsaveLineIsSubleafOne() {
        DumpReading r = format.read("haswell.txt", HASWELL_UNTAGGED);
        assertEquals(1, r.cpu().value(0xD, 1, Register.EAX).getAsInt());
        assertEquals(0x240, r.cpu().value(0xD, 2, Register.EBX).getAsInt());
    }

    @Test
    void subleafTagsAreHexAndOtherTagsAreIgnored() {
        String text = """
                CPUID 0000000D: 000602E7-00002B00-00002B00-00000000 [SL 00] [x87]
                CPUID 0000000D: 0000001F-00002A80-0000DD00-00000000 [SL 01] [SSE]
                CPUID 0000000D: 00000008-00000000-00000001-00000000 [SL 0A]
                CPUID 80000006: 48006400-68006400-02006140-08009140 [L2: 512 KB] / L3: 262144 KB]
                """;
        DumpReading r = format.read("w9.txt", text);
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(0x1F, r.cpu().value(0xD, 1, Register.EAX).getAsInt());
        assertTrue(r.cpu().has(0xD, 10));
        assertTrue(r.cpu().has(0x8000_0006L, 0));
    }

    @Test
    void tabsAndLowerCaseHexAreAccepted() {
        DumpReading r = format.read("tabs.txt", "CPUID 00000001:\t000306f2-00200800-7ffefbff-bfebfbff\n");
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(0x7ffefbff, r.cpu().value(1, 0, Register.ECX).getAsInt());
    }

    @Test
    void theFirstCpuIsProfiledAndFeatureDifferencesWarn() {
        // Two CPUs as in the corpus; CPU #1's 1.ECX has SSE3 cleared for this test, 1.EBX (APIC id) differs too.
        String text = """
                CPU#000 AffMask: 0x0000000000000001
                CPUID 00000001: 00000F43-00020800-0000641D-BFEBFBFF
                CPU#001 AffMask: 0x0000000000000002
                CPUID 00000001: 00000F43-01020800-0000641C-BFEBFBFF
                """;
        DumpReading r = format.read("two.txt", text);
        assertEquals("logical CPU #0", r.cpuLabel());
        assertEquals(0x641D, r.cpu().value(1, 0, Register.ECX).getAsInt());
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        String w = r.warnings().get(0).render();
        assertTrue(w.startsWith("two.txt:4: logical CPUs differ in 00000001.ecx"), w);
    }

    @Test
    void apicIdsInLeafOneEbxDoNotWarn() {
        String text = """
                ------[ Logical CPU #0 ]------
                CPUID 00000001: 00000F43-00020800-0000641D-BFEBFBFF
                ------[ Logical CPU #1 ]------
                CPUID 00000001: 00000F43-01020800-0000641D-BFEBFBFF
                """;
        assertEquals(List.of(), format.read("apic.txt", text).warnings());
    }

    @Test
    void aLineCutMidRecordIsAnErrorWithItsLine() {
        String text = "CPUID 00000000: 0000000F-756E6547-6C65746E-49656E69\nCPUID 00000001: 000306F2-0020";
        DumpReading r = format.read("cut.txt", text);
        assertFalse(r.ok());
        assertTrue(r.errors().get(0).render().startsWith("cut.txt:2: "), r.errors().toString());
    }

    @Test
    void aCutSubleafTagIsAnError() {
        DumpReading r = format.read("cut.txt", "CPUID 00000007: 00000000-F3BFBFFF-40417F4E-BC040412 [SL 0");
        assertFalse(r.ok());
        assertEquals(1, r.errors().get(0).line());
    }

    @Test
    void aRepeatedTaggedSubleafIsAnError() {
        String text = """
                CPUID 00000007: 00000000-F3BFBFFF-40417F4E-BC040412 [SL 00]
                CPUID 00000007: 00000000-F3BFBFFF-40417F4E-BC040412 [SL 00]
                """;
        DumpReading r = format.read("twice.txt", text);
        assertEquals(2, r.errors().get(0).line());
        assertTrue(r.errors().get(0).message().contains("appears twice"), r.errors().toString());
    }

    @Test
    void otherReportLinesAreIgnored() {
        String text = "AIDA64 Extreme\nCPUID Manufacturer: GenuineIntel\n"
                + "CPUID 00000000: 0000000F-756E6547-6C65746E-49656E69\n";
        DumpReading r = format.read("report.txt", text);
        assertTrue(r.ok(), r.errors().toString());
        assertNull(r.vendor());
    }
}
