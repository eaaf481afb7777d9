package io.cpuidmask.profile.dump;

import io.cpuidmask.model.InputError;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Format detection, the covered leaves, and robustness against any input. */
class DumpImporterTest {

    private static final Map<String, String> SAMPLE_FORMATS = Map.of(
            "esx-a.vmware.txt", "vmware",
            "xeon-e5520.libcpuid.txt", "libcpuid",
            "this-host.cpuid-1r.txt", "cpuid",
            "this-host.cpuid-r.txt", "cpuid",
            "epyc-7763.libvirt.xml", "libvirt",
            "esx-irwindale.vsphere.json", "vsphere-json",
            "this-host.cpuinfo.txt", "cpuinfo");

    @Test
    void everySampleIsDetectedAsItsFormat() {
        SAMPLE_FORMATS.forEach((file, format) -> {
            ImportResult r = TestDumps.importFile(TestDumps.sample(file));
            assertTrue(r.ok(), file + ": " + r.errors());
            assertEquals(format, r.format(), file);
        });
    }

    @Test
    void unknownContentIsFileLineOneUnknownInputFormat() {
        ImportResult r = TestDumps.importText("notes.txt", "Rack 4, slot 2: esx-a\n");
        assertFalse(r.recognised());
        assertEquals("notes.txt:1: unknown input format", r.errors().get(0).render().substring(0, 33));
    }

    @Test
    void twoFormatsInOneFileAreAnErrorNotAGuess() {
        String mixed = "CPUID 00000001: 000306F2-00200800-7FFEFBFF-BFEBFBFF\n"
                + "basic_cpuid[1]=000206c2 00200800 029ee3ff bfebfbff\n";
        ImportResult r = TestDumps.importText("mixed.txt", mixed);
        assertTrue(r.recognised(), "reported even when found in a folder");
        assertFalse(r.ok());
        InputError e = r.errors().get(0);
        assertEquals(1, e.line());
        assertTrue(e.message().contains("aida64") && e.message().contains("libcpuid"), e.message());
    }

    @Test
    void forcedFormatOverridesDetection() {
        ImportResult r = new DumpImporter().readText("x.txt", "ID1ECX 0x0000641d\n",
                new ImportOptions(null, null, "aida64"));
        assertFalse(r.ok());
        assertEquals("aida64", r.format());
        assertTrue(r.errors().get(0).message().contains("no CPUID lines"), r.errors().toString());
    }

    @Test
    void binaryContentIsRefusedWithALine() {
        ImportResult r = new DumpImporter().read("core.bin", new byte[] {'C', 'P', 0, 1, 2}, ImportOptions.DEFAULTS);
        assertFalse(r.recognised());
        assertEquals(1, r.errors().get(0).line());
    }

    @Test
    void latin1DumpsAreRead() {
        byte[] bytes = "CPUID 00000000: 0000000D-68747541-444D4163-69746E65 [AMD\u00ae]\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(new DumpImporter().read("ansi.txt", bytes, ImportOptions.DEFAULTS).ok());
    }

    @Property(tries = 300)
    void anyTextGivesAResultNeverAnException(@ForAll("dumpLikeText") String text) {
        ImportResult r = TestDumps.importText("fuzz.txt", text);
        assertNotNull(r);
        assertTrue(r.ok() || !r.errors().isEmpty());
        r.errors().forEach(e -> assertTrue(e.render().startsWith("fuzz.txt"), e.render()));
        assertNoInternalError(r);
    }

    @Property(tries = 200)
    void everySampleCutAnywhereGivesAResultNeverAnException(@ForAll("samples") String file,
                                                            @ForAll @IntRange(min = 0, max = 100) int percent) {
        String text = TestDumps.text(TestDumps.sample(file));
        String cut = text.substring(0, text.length() * percent / 100);
        ImportResult r = TestDumps.importText(file, cut);
        assertTrue(r.ok() || !r.errors().isEmpty());
        assertNoInternalError(r);
    }

    /** The importer turns a crash into an "internal error" message; a parser must not need that. */
    private static void assertNoInternalError(ImportResult r) {
        r.errors().forEach(e -> assertFalse(e.message().contains("internal error"), e.render()));
    }

    @Provide
    Arbitrary<String> samples() {
        return Arbitraries.of(SAMPLE_FORMATS.keySet());
    }

    /** Pieces of every format shuffled with noise: reaches the parsers, not just "unknown format". */
    @Provide
    Arbitrary<String> dumpLikeText() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("CPUID 00000001: ", "000306F2-", "00200800", " [SL ", "01]", "------[ Logical CPU #",
                        "basic_cpuid[", "ext_cpuid[1]=", "   0x00000007 0x00: eax=0x", "CPU:", "ID1ECX ", "0x0000641d",
                        "0000000000", "<cpudata>", "<cpuid eax_in='0x1' ", "ecx='", "'/>", "</cpudata>", "[{\"Level\":",
                        "-2147483647", ",\"Eax\":\"", "0000:0000:0000:0000:0000:0000:0000:0001", "\"}]", "{", "}",
                        "vendor_id\t: GenuineIntel", "flags\t\t: fpu sse2 pni", "cpu family\t: 6", "\n", "\n", " ", "\t",
                        "&x;", "<!DOCTYPE a>", "\"", "]"),
                Arbitraries.strings().ofMaxLength(12));
        return pieces.list().ofMaxSize(40).map(l -> String.join("", l));
    }
}
