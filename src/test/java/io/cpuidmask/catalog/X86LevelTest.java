package io.cpuidmask.catalog;

import io.cpuidmask.facts.Feature;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.cpuidmask.catalog.Hosts.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class X86LevelTest {

    private static final FeatureCatalog CATALOG = FeatureCatalogs.shipped();
    private static final FeatureDecoder DECODER = new FeatureDecoder(CATALOG);

    private static X86Level level(HostProfile h) {
        return X86Level.of(CATALOG, DECODER.decode(h), h.vendor());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "intel-mixed/hsw-e5-2660v3.yaml, x86-64-v3",
        "intel-mixed/nhm-e5520.yaml,     x86-64-v2",
        "intel-mixed/snb-e5-2687w.yaml,  x86-64-v2",
        "intel-scalable/skx-6130.yaml,   x86-64-v4",
        "intel-scalable/icx-6330.yaml,   x86-64-v4",
        "amd-epyc-naples-rome/epyc-7551p.yaml,       x86-64-v3",
        "amd-epyc-naples-rome/epyc-7742.yaml,        x86-64-v3",
        "amd-epyc-milan-genoa/epyc-9654.yaml,        x86-64-v4",
        "seed/esx-a.yaml,                x86-64-v1",
        "seed/esx-b.yaml,                none"})
    void shippedProfiles(String path, String expected) {
        X86Level level = level(Hosts.shipped(path));
        assertEquals(expected, level.label());
        assertTrue(level.exact(), "a known absent feature decides the level even where registers are unknown");
    }

    /** corpus intel/ia-32/netburst/intel-xeon-cpu-2.40ghz.test: a 32-bit NetBurst Xeon. */
    @Test
    void thirtyTwoBitNetburstXeonIsNone() {
        HostProfile xeon = Hosts.of(null, Map.of(
                key(0, Register.EAX), 0x00000002, key(0, Register.EBX), 0x756e6547,
                key(0, Register.EDX), 0x49656e69, key(0, Register.ECX), 0x6c65746e,
                key(1, Register.EAX), 0x00000f25, key(1, Register.ECX), 0x00004400, key(1, Register.EDX), 0xbfebfbff,
                key(0x80000000L, Register.EAX), 0x80000004,
                key(0x80000001L, Register.ECX), 0, key(0x80000001L, Register.EDX), 0));
        assertEquals("GenuineIntel", xeon.vendor());
        X86Level level = level(xeon);
        assertEquals("none", level.label());
        assertTrue(level.exact());
    }

    /** Intel reports SYSCALL only to 64-bit code: the Haswell profile (a 32-bit dump) lacks it. */
    @Test
    void longModeImpliesSyscall() {
        HostProfile haswell = Hosts.shipped("intel-mixed/hsw-e5-2660v3.yaml");
        assertFalse(DECODER.decode(haswell).has("SYSCALL"));
        assertTrue(DECODER.decode(haswell).has("LM"));
        assertEquals("x86-64-v3", level(haswell).label());
    }

    @Test
    void unknownLeafSevenMakesALowerBound() {
        HostProfile haswell = Hosts.shipped("intel-mixed/hsw-e5-2660v3.yaml");
        Map<RegisterKey, Integer> regs = new HashMap<>(haswell.registers());
        regs.keySet().removeIf(k -> k.leaf() == 7);
        X86Level level = level(Hosts.of(Feature.INTEL, regs));
        assertEquals("x86-64-v2+", level.label());
        assertFalse(level.exact());
        assertEquals(List.of("BMI1", "AVX2", "BMI2"), level.missing());
    }

    @Test
    void aKnownAbsentFeatureWinsOverUnknownOnes() {
        // Nehalem without leaf 7: AVX (1.ecx) is known absent, so v2 is exact
        HostProfile nehalem = Hosts.shipped("intel-mixed/nhm-e5520.yaml");
        Map<RegisterKey, Integer> regs = new HashMap<>(nehalem.registers());
        regs.keySet().removeIf(k -> k.leaf() == 7);
        X86Level level = level(Hosts.of(Feature.INTEL, regs));
        assertEquals("x86-64-v2", level.label());
        assertTrue(level.exact());
    }

    @Test
    void unknownLongModeIsUnknownAndKnownAbsentLongModeIsNone() {
        int sse2Cpu = 0x078bfbff;  // leaf 1 EDX of an Opteron 248: FPU..SSE2
        HostProfile leafOneOnly = Hosts.of(Feature.AMD, Map.of(key(1, Register.EDX), sse2Cpu));
        assertEquals("unknown", level(leafOneOnly).label());
        assertTrue(level(leafOneOnly).missing().contains("LM"));
        HostProfile noLongMode = Hosts.of(Feature.AMD, Map.of(key(1, Register.EDX), sse2Cpu,
                key(0x80000001L, Register.EDX), 0));
        assertEquals("none", level(noLongMode).label());
        HostProfile opteron = Hosts.of(Feature.AMD, Map.of(key(1, Register.EDX), sse2Cpu,
                key(1, Register.ECX), 0, key(0x80000001L, Register.EDX), 0xe1d3fbff));
        assertEquals("x86-64-v1", level(opteron).label());
    }

    @Test
    void longModeWithoutAVOneFeatureIsNone() {
        // FPU..SSE2 without SSE2 (bit 26): not even the baseline
        HostProfile h = Hosts.of(Feature.INTEL, Map.of(key(1, Register.EDX), 0x078bfbff & ~(1 << 26),
                key(0x80000001L, Register.EDX), 1 << 29));
        assertEquals("none", level(h).label());
        assertTrue(level(h).exact());
    }

    @Test
    void levelsFollowTheCatalogueData() {
        // every DESIGN.md section 5 feature carries its level in features.yaml
        Map<String, Integer> expected = Map.ofEntries(
                Map.entry("CMOV", 1), Map.entry("CX8", 1), Map.entry("FPU", 1), Map.entry("FXSR", 1),
                Map.entry("MMX", 1), Map.entry("SYSCALL", 1), Map.entry("SSE", 1), Map.entry("SSE2", 1),
                Map.entry("LM", 1), Map.entry("CX16", 2), Map.entry("LAHF_LM", 2), Map.entry("POPCNT", 2),
                Map.entry("SSE3", 2), Map.entry("SSE4_1", 2), Map.entry("SSE4_2", 2), Map.entry("SSSE3", 2),
                Map.entry("AVX", 3), Map.entry("AVX2", 3), Map.entry("BMI1", 3), Map.entry("BMI2", 3),
                Map.entry("F16C", 3), Map.entry("FMA", 3), Map.entry("LZCNT", 3), Map.entry("MOVBE", 3),
                Map.entry("OSXSAVE", 3), Map.entry("AVX512F", 4), Map.entry("AVX512BW", 4),
                Map.entry("AVX512CD", 4), Map.entry("AVX512DQ", 4), Map.entry("AVX512VL", 4));
        Map<String, Integer> actual = new HashMap<>();
        CATALOG.features().stream().filter(f -> f.getLevel() > 0).forEach(f -> actual.put(f.getName(), f.getLevel()));
        assertEquals(expected, actual);
    }

    @Test
    void rejectsImpossibleLevels() {
        assertThrows(IllegalArgumentException.class, () -> new X86Level(5, true, List.of()));
        assertEquals("x86-64-v4", new X86Level(4, true, List.of()).label());
    }
}
