package io.cpuidmask.profile.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@code virsh capabilities} and {@code virsh domcapabilities} on real outputs (libvirt's own
 * documentation, KubeVirt's and libvirt's test data, this machine's test driver; see the README
 * beside them), and what a broken one reports.
 */
class LibvirtHostCpuTest {

    private static final RegisterKey ECX1 = TestDumps.key(1, 0, Register.ECX);
    private static final RegisterKey EBX7 = TestDumps.key(7, 0, Register.EBX);
    private static final RegisterKey EDX7 = TestDumps.key(7, 0, Register.EDX);

    private static boolean bit(HostProfile p, RegisterKey k, int bit) {
        return (p.registers().get(k) >>> bit & 1) != 0;
    }

    @Test
    void capabilitiesGiveModelAndListedFeaturesSignatureAndMicrocode() {
        ImportResult r = TestDumps.importFile(TestDumps.sample("skylake-client.virsh-capabilities.xml"));
        assertTrue(r.ok(), r.errors().toString());
        assertEquals("libvirt", r.format());
        HostProfile p = r.profile();
        assertEquals("GenuineIntel", p.vendor());
        // <signature family='6' model='142' stepping='12'/>: extended model 8, model 0xe, stepping 0xc.
        assertEquals(0x000806ec, p.registers().get(TestDumps.key(1, 0, Register.EAX)));
        assertEquals(236L, p.microcode(), "<microcode version='236'/> is decimal");
        assertTrue(bit(p, ECX1, 5) && bit(p, ECX1, 6), "vmx and smx are listed features");
        assertTrue(bit(p, ECX1, 28), "avx comes with the model Skylake-Client-noTSX-IBRS");
        assertFalse(bit(p, ECX1, 31), "a bare-metal host: no hypervisor bit");
        assertFalse(bit(p, EBX7, 4) || bit(p, EBX7, 11), "noTSX: neither HLE nor RTM");
        assertTrue(bit(p, EBX7, 2), "sgx is listed");
        assertTrue(bit(p, EDX7, 10), "md-clear is listed");
        assertEquals("Skylake-Client-noTSX-IBRS (libvirt's name for the host CPU)", p.description());
        assertTrue(r.comments().stream().anyMatch(c -> c.startsWith("00000001.ecx is not fully determined")
                && c.contains("SDBG")), r.comments().toString());
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        assertEquals(7, r.warnings().get(0).line(), "the <model> line");
        assertNull(p.registers().get(TestDumps.key(0, 0, Register.EAX)), "the maximum leaf is unknown, not guessed");
    }

    @Test
    void capabilitiesWithoutASignatureLeaveLeafOneEaxUnknown() {
        ImportResult r = TestDumps.importFile(TestDumps.sample("node01.virsh-capabilities.xml"));
        assertTrue(r.ok(), r.errors().toString());
        assertNull(r.profile().registers().get(TestDumps.key(1, 0, Register.EAX)));
        assertEquals(214L, r.profile().microcode());
        assertTrue(bit(r.profile(), EBX7, 4), "Skylake-Client-IBRS has TSX");
    }

    @Test
    void domainCapabilitiesReadTheHostModelWithItsPolicies() {
        ImportResult r = TestDumps.importFile(TestDumps.sample("epyc-rome.virsh-domcapabilities.xml"));
        assertTrue(r.ok(), r.errors().toString());
        HostProfile p = r.profile();
        assertEquals("AuthenticAMD", p.vendor());
        assertTrue(bit(p, ECX1, 31), "host-model of a guest-visible CPU: hypervisor is required");
        assertTrue(bit(p, TestDumps.key(0x8000_0001L, 0, Register.ECX), 1), "cmp_legacy is required");
        // AMD's copies of leaf 1 EDX bits (FPU_AMD, ...) follow leaf 1 EDX.
        assertEquals(p.registers().get(TestDumps.key(1, 0, Register.EDX)) & 0x0183f3ff,
                p.registers().get(TestDumps.key(0x8000_0001L, 0, Register.EDX)) & 0x0183f3ff);
        assertTrue(r.comments().stream().anyMatch(c -> c.startsWith("domain capabilities describe the CPU QEMU/KVM")));
        String disabled = TestDumps.text(TestDumps.sample("epyc-rome.virsh-domcapabilities.xml"))
                .replace("<feature policy='require' name='x2apic'/>", "<feature policy='disable' name='sha-ni'/>");
        DumpReading d = new LibvirtXmlFormat().read("d.xml", disabled);
        assertTrue(d.ok(), d.errors().toString());
        assertEquals(0, d.cpu().value(7, 0, Register.EBX).getAsInt() & 1 << 29, "sha-ni of EPYC-Rome disabled");
        assertEquals(0, d.cpu().value(1, 0, Register.ECX).getAsInt() & 1 << 21, "x2apic no longer required");
    }

    @Test
    void theTestDriversCapabilitiesNameNoModelAndSaySo() {
        ImportResult r = TestDumps.importFile(TestDumps.sample("test-driver.virsh-capabilities.xml"));
        assertFalse(r.ok());
        InputError e = r.errors().get(0);
        assertEquals(4, e.line(), e.render());
        assertTrue(e.message().contains("has no <model>"), e.render());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown model|<model>Haswell-v9</model>|3|CPU model 'Haswell-v9' is not in the libvirt CPU map",
        "two models|<model>Haswell</model><model>Broadwell</model>|3|more than one <model>",
        "unknown vendor|<model>Haswell</model><vendor>Cyrix</vendor>|3|vendor 'Cyrix' is not one of libvirt's",
        "nameless feature|<model>Haswell</model>\\n<feature policy='require'/>|4|<feature> without a name",
        "odd policy|<model>Haswell</model>\\n<feature policy='maybe' name='vmx'/>|4|has policy 'maybe'",
        "signature out of range|<model>Haswell</model>\\n<signature family='6' model='300' stepping='1'/>|4|<signature> does not make a CPUID signature",
        "microcode not a number|<model>Haswell</model>\\n<microcode version='0xzz'/>|4|<microcode>: version='0xzz'",
        "not x86|<arch>aarch64</arch><model>cortex-a72</model>|2|is 'aarch64': cpuidmask profiles x86",
    })
    void aBrokenHostCpuIsOneErrorAtItsLine(String name, String cpu, int line, String fragment) {
        String xml = "<capabilities><host>\n<cpu>\n" + cpu.replace("\\n", "\n") + "\n</cpu>\n</host></capabilities>\n";
        DumpReading r = new LibvirtXmlFormat().read("c.xml", xml);
        assertFalse(r.ok(), name);
        assertEquals(1, r.errors().size(), r.errors().toString());
        assertEquals(line, r.errors().get(0).line(), () -> name + ": " + r.errors());
        assertTrue(r.errors().get(0).message().contains(fragment), () -> name + ": " + r.errors());
    }

    @Test
    void featuresTheShippedMapDoesNotKnowAreAWarningNotAnError() {
        DumpReading r = new LibvirtXmlFormat().read("new.xml", "<capabilities><host><cpu>\n<model>Haswell</model>\n"
                + "<feature name='avx10-512'/>\n<feature name='mds-no'/>\n</cpu></host></capabilities>\n");
        assertTrue(r.ok(), r.errors().toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("'avx10-512'")), r.warnings().toString());
        assertTrue(r.warnings().stream().noneMatch(w -> w.message().contains("mds-no")), "an MSR feature libvirt knows");
    }

    @Test
    void withoutHostModelDomainCapabilitiesDescribeNoCpu() {
        DumpReading r = new LibvirtXmlFormat().read("dc.xml", "<domainCapabilities>\n<cpu>\n"
                + "<mode name='host-model' supported='no'/>\n</cpu>\n</domainCapabilities>\n");
        assertEquals(3, r.errors().get(0).line(), r.errors().toString());
        assertTrue(r.errors().get(0).message().contains("supported='no'"), r.errors().toString());
    }
}
