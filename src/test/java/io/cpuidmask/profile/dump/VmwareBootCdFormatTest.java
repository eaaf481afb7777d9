package io.cpuidmask.profile.dump;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The VMware CPUID boot CD text of the seed article. */
class VmwareBootCdFormatTest {

    @Test
    void seedHostAImportsWithTheTenZeroDigitForm() {
        ImportResult r = TestDumps.importFile(TestDumps.sample("esx-a.vmware.txt"));
        assertTrue(r.ok(), r.errors().toString());
        HostProfile p = r.profile();
        assertEquals("esx-a.vmware", p.host(), "host name from the file name");
        assertEquals(0x0000641d, p.registers().get(TestDumps.key(1, 0, Register.ECX)));
        assertEquals(0xbfebfbff, p.registers().get(TestDumps.key(1, 0, Register.EDX)));
        assertEquals(0, p.registers().get(TestDumps.key(0x8000_0001L, 0, Register.ECX)));
        assertEquals(0x20000000, p.registers().get(TestDumps.key(0x8000_0001L, 0, Register.EDX)));
        assertEquals(4, p.registers().size(), "only what the CD prints");
        assertNull(p.vendor(), "no leaf 0 in the boot CD output");
        assertEquals(3, p.lineOf(TestDumps.key(0x8000_0001L, 0, Register.ECX)));
    }

    @Test
    void hostOptionNamesTheHost() {
        ImportResult r = new DumpImporter().read(TestDumps.sample("esx-b.vmware.txt"), "esx-b.vmware.txt",
                new ImportOptions("esx-b.lab", "lab", null));
        assertEquals("esx-b.lab", r.profile().host());
        assertEquals("lab", r.profile().cluster());
        assertEquals(0x00004400, r.profile().registers().get(TestDumps.key(1, 0, Register.ECX)));
    }

    @Test
    void aHeaderRowOverAValueRowIsRead() {
        DumpReading r = new VmwareBootCdFormat().read("table.txt", """
                Family: 0f Model: 04 Stepping: 3
                ID1ECX      ID1EDX      ID81ECX     ID81EDX
                0x0000641d  0xbfebfbff  0x00000000  0x20100000
                """);
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(0x20100000, r.cpu().value(0x8000_0001L, 0, Register.EDX).getAsInt());
        assertEquals(3, r.cpu().lineOf(TestDumps.key(1, 0, Register.ECX)));
    }

    @Test
    void separatorsAndCaseAsPeopleRetypeThem() {
        ImportResult r = TestDumps.importText("typed.txt", "id1ecx: 0x0000641D\nID81EDX=0x20000000\nID0EBX  0x756e6547\n");
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(0x641d, r.profile().registers().get(TestDumps.key(1, 0, Register.ECX)));
        assertEquals(0x20000000, r.profile().registers().get(TestDumps.key(0x8000_0001L, 0, Register.EDX)));
        assertEquals(0x756e6547, r.profile().registers().get(TestDumps.key(0, 0, Register.EBX)));
    }

    @Test
    void aBadValueIsAnErrorWithItsLine() {
        DumpReading r = new VmwareBootCdFormat().read("bad.txt", "ID1ECX 0x0000641d\nID1EDX 0xbfebfbffzz\n");
        assertFalse(r.ok());
        assertEquals("bad.txt:2", r.errors().get(0).render().substring(0, 9));
    }
}
