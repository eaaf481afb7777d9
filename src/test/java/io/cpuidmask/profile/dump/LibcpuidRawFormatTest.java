package io.cpuidmask.profile.dump;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** libcpuid raw dumps: both layouts, repeated data past the maximum leaf, bad lines. */
class LibcpuidRawFormatTest {

    @Test
    void versionHeaderAndLogicalCpuBlocksOfNewerLibcpuid() {
        ImportResult r = TestDumps.importFile(TestDumps.sample("xeon-e5520.libcpuid.txt"));
        assertTrue(r.ok(), r.errors().toString());
        HostProfile p = r.profile();
        assertEquals(0x009ce3bd, p.registers().get(TestDumps.key(1, 0, Register.ECX)));
        assertEquals("libcpuid", r.format());
        assertEquals("Intel(R) Xeon(R) CPU E5520 @ 2.27GHz", p.description());
    }

    @Test
    void dataRepeatedPastTheMaximumLeafIsWrittenAsZeros() {
        // Core i5-4258U: max basic leaf 0xd, max extended 0x80000008; libcpuid printed leaf 0xd's
        // data again for 14..31 and 0x80000009..: none of that may reach the profile.
        String text = """
                basic_cpuid[0]=00000006 756e6547 6c65746e 49656e69
                basic_cpuid[7]=00000007 00000340 00000340 00000000
                ext_cpuid[0]=80000004 00000000 00000000 00000000
                ext_cpuid[8]=00000007 00000340 00000340 00000000
                """;
        HostProfile p = TestDumps.importText("i5.txt", text).profile();
        assertEquals(0, p.registers().get(TestDumps.key(7, 0, Register.EBX)));
        assertEquals(0, p.registers().get(TestDumps.key(0xD, 1, Register.EAX)));
        assertEquals(0, p.registers().get(TestDumps.key(0x8000_0008L, 0, Register.ECX)));
        assertNull(p.registers().get(TestDumps.key(1, 0, Register.ECX)), "leaf 1 not in the dump: unknown");
    }

    @Test
    void aCutLineAndARepeatedEntryAreErrors() {
        DumpReading cut = new LibcpuidRawFormat().read("cut.txt",
                "basic_cpuid[0]=0000000d 756e6547 6c65746e 49656e69\nbasic_cpuid[1]=00040651 0010");
        assertFalse(cut.ok());
        assertEquals(2, cut.errors().get(0).line());
        DumpReading twice = new LibcpuidRawFormat().read("twice.txt",
                "basic_cpuid[1]=00040651 00100800 7ffafbbf bfebfbff\nbasic_cpuid[1]=00040651 00100800 7ffafbbf bfebfbff\n");
        assertEquals(2, twice.errors().get(0).line());
    }
}
