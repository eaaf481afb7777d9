package io.cpuidmask.profile.dump;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PowerCLI's ConvertTo-Json of Hardware.CpuFeature. */
class VsphereJsonFormatTest {

    private static final String ONE = """
            {
                "Level":  -2147483647,
                "Vendor":  "intel",
                "Eax":  "0000:0000:0000:0000:0000:0000:0000:0000",
                "Ebx":  "0000:0000:0000:0000:0000:0000:0000:0000",
                "Ecx":  "0000:0000:0000:0000:0000:0000:0000:0000",
                "Edx":  "0010:0000:0001:0000:0000:0000:0000:0000"
            }
            """;

    @Test
    void signedLevelsAndBitStringsGiveTheRegisters() {
        ImportResult r = TestDumps.importFile(TestDumps.sample("esx-irwindale.vsphere.json"));
        assertTrue(r.ok(), r.errors().toString());
        HostProfile p = r.profile();
        assertEquals("GenuineIntel", p.vendor());
        assertEquals(0x0000641d, p.registers().get(TestDumps.key(1, 0, Register.ECX)));
        assertEquals(0x80000008, p.registers().get(TestDumps.key(0x8000_0000L, 0, Register.EAX)));
        assertEquals(0x20100000, p.registers().get(TestDumps.key(0x8000_0001L, 0, Register.EDX)));
        // Level 0 reports max leaf 5: leaf 7 and 0xD are above it, written as zeros.
        assertEquals(0, p.registers().get(TestDumps.key(7, 0, Register.EBX)));
    }

    @Test
    void aLoneObjectWithoutBracketsIsOneEntry() {
        DumpReading r = new VsphereJsonFormat().read("one.json", ONE);
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(0x20100000, r.cpu().value(0x8000_0001L, 0, Register.EDX).getAsInt());
    }

    @Test
    void utf16WithByteOrderMarkAsWindowsPowerShellWritesIt() {
        byte[] body = ("[" + ONE + "]").getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[body.length + 2];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFE;
        System.arraycopy(body, 0, bytes, 2, body.length);
        ImportResult r = new DumpImporter().read("ps5.json", bytes, ImportOptions.DEFAULTS);
        assertTrue(r.ok(), r.errors().toString());
        assertEquals("vsphere-json", r.format());
    }

    @Test
    void theHardwareWrapperGivesTheBiosVersionAsFirmware() {
        String hardware = "{\n  \"BiosInfo\": {\n    \"BiosVersion\": \" U30 v2.80 \",\n    \"ReleaseDate\": \"2023-10-04\"\n  },\n"
                + "  \"CpuFeature\": [" + ONE + "]\n}";
        DumpReading r = new VsphereJsonFormat().read("hw.json", hardware);
        assertTrue(r.ok(), r.errors().toString());
        assertEquals("U30 v2.80", r.origin().firmware());
        DumpReading bidi = new VsphereJsonFormat().read("hw.json", hardware.replace("v2.80", "v2.80\u202e"));
        assertFalse(bidi.ok());
        assertEquals(2, bidi.errors().get(0).line(), bidi.errors().toString());
        assertTrue(bidi.errors().get(0).message().contains("U+202E"), bidi.errors().toString());
    }

    @Test
    void badBitStringsAndTruncationAreErrorsWithLines() {
        DumpReading bad = new VsphereJsonFormat().read("bad.json", ONE.replace("0010:0000:0001", "0010:0000:0002"));
        assertFalse(bad.ok());
        assertEquals(1, bad.errors().get(0).line(), bad.errors().toString());
        String full = TestDumps.text(TestDumps.sample("esx-irwindale.vsphere.json"));
        DumpReading cut = new VsphereJsonFormat().read("cut.json", full.substring(0, full.length() / 2));
        assertFalse(cut.ok());
        assertTrue(cut.errors().get(0).line() > 1, cut.errors().toString());
    }
}
