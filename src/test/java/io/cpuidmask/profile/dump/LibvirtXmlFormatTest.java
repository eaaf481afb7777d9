package io.cpuidmask.profile.dump;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** libvirt CPU data XML ({@code <cpudata>}), including what an attacker could put in one. */
class LibvirtXmlFormatTest {

    @TempDir
    Path tmp;

    @Test
    void sampleGivesItsValuesIncludingSubleaves() {
        ImportResult r = TestDumps.importFile(TestDumps.sample("epyc-7763.libvirt.xml"));
        assertTrue(r.ok(), r.errors().toString());
        HostProfile p = r.profile();
        assertEquals("AuthenticAMD", p.vendor());
        assertEquals(0x219c97a9, p.registers().get(TestDumps.key(7, 0, Register.EBX)));
        assertEquals(0x0000000f, p.registers().get(TestDumps.key(0xD, 1, Register.EAX)));
        assertEquals(0x75c237ff, p.registers().get(TestDumps.key(0x8000_0001L, 0, Register.ECX)));
        assertEquals(10, p.lineOf(TestDumps.key(0x8000_0001L, 0, Register.ECX)));
    }

    @Test
    void msrElementsAreIgnoredAndMissingRegistersAreZeroAsInLibvirt() {
        DumpReading r = new LibvirtXmlFormat().read("m.xml", """
                <cpudata arch='x86'>
                  <cpuid eax_in='0x00000001' eax='0x000306c3' ecx='0x7ffafbff' edx='0xbfebfbff'/>
                  <msr index='0x10a' edx='0x00000000' eax='0x00000000'/>
                </cpudata>
                """);
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(0, r.cpu().value(1, 0, Register.EBX).getAsInt());
    }

    @Test
    void externalEntitiesAreNeverResolved() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "0x12345678");
        String xml = "<?xml version='1.0'?>\n<!DOCTYPE cpudata [<!ENTITY x SYSTEM '" + secret.toUri() + "'>]>\n"
                + "<cpudata><cpuid eax_in='0x1' eax='&x;'/></cpudata>\n";
        DumpReading r = new LibvirtXmlFormat().read("xxe.xml", xml);
        assertFalse(r.ok());
        assertFalse(r.errors().toString().contains("12345678"));
    }

    @Test
    void truncatedXmlIsAnErrorWithALine() {
        String full = TestDumps.text(TestDumps.sample("epyc-7763.libvirt.xml"));
        DumpReading r = new LibvirtXmlFormat().read("cut.xml", full.substring(0, full.indexOf("eax_in='0x80000001'") + 5));
        assertFalse(r.ok());
        assertTrue(r.errors().get(0).line() >= 1, r.errors().toString());
    }

    @Test
    void aNonNumericAttributeIsAnErrorAtItsElement() {
        DumpReading r = new LibvirtXmlFormat().read("bad.xml",
                "<cpudata>\n  <cpuid eax_in='0x1' ecx='banana'/>\n</cpudata>\n");
        assertEquals("bad.xml:2", r.errors().get(0).render().substring(0, 9));
    }
}
