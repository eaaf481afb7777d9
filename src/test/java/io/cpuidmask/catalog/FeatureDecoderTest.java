package io.cpuidmask.catalog;

import io.cpuidmask.facts.Feature;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static io.cpuidmask.catalog.Hosts.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureDecoderTest {

    private final FeatureDecoder decoder = new FeatureDecoder(FeatureCatalogs.shipped());

    @Test
    void seedHostOneHasExactlyTheArticleBits() {
        DecodedFeatures d = decoder.decode(Hosts.shipped("seed/esx-a.yaml"));
        // ID1ECX 0x0000641d: bits 0, 2, 3, 4, 10, 13, 14
        List<String> ecx = d.present().stream().filter(f -> f.getKey().equals(key(1, Register.ECX)))
                .map(Feature::getName).toList();
        assertEquals(List.of("SSE3", "DTES64", "MONITOR", "DS_CPL", "CNXT_ID", "CX16", "XTPR"), ecx);
        // ID81EDX 0x20000000: LM only (NX disabled in the BIOS)
        assertTrue(d.has("LM"));
        assertFalse(d.has("NX"));
        assertTrue(d.has("SSE2"));
    }

    @Test
    void registersMissingFromTheProfileAreUnknownNotAbsent() {
        DecodedFeatures d = decoder.decode(Hosts.shipped("seed/esx-a.yaml"));
        assertTrue(d.unknown().contains(key(7, Register.EBX)));
        assertTrue(d.unknown().contains(key(0x80000008L, Register.EBX)));
        assertFalse(d.unknown().contains(key(1, Register.ECX)));
        Feature avx2 = FeatureCatalogs.shipped().byName("AVX2").orElseThrow();
        assertFalse(d.knows(avx2));
        assertFalse(d.has(avx2));
    }

    @Test
    void leavesAboveTheMaximumAreKnownZeros() {
        // Nehalem: leaf 0 says 0xb, so leaf 0xd subleaf 1 is zero, not unknown
        DecodedFeatures d = decoder.decode(Hosts.shipped("intel-mixed/nhm-e5520.yaml"));
        assertEquals(List.of(), d.unknown());
        assertFalse(d.has("XSAVEOPT"));
    }

    @Test
    void vendorSpecificBitsDecodeOnlyOnTheirVendor() {
        // 0x80000001 EDX bit 0 is AMD's copy of FPU; Intel reserves it. Bit 31 is 3DNow! (AMD).
        Map<RegisterKey, Integer> regs = Map.of(key(0x80000001L, Register.EDX), 0x8000_0001 | 1 << 29);
        DecodedFeatures amd = decoder.decode(Hosts.of(Feature.AMD, regs));
        DecodedFeatures intel = decoder.decode(Hosts.of(Feature.INTEL, regs));
        assertTrue(amd.has("FPU_AMD"));
        assertTrue(amd.has("3DNOW"));
        assertFalse(intel.has("FPU_AMD"));
        assertFalse(intel.has("3DNOW"));
        assertTrue(intel.has("LM"));
        assertTrue(amd.has("LM"));
    }

    @Test
    void reservedBitsAreNeverFeatures() {
        Feature reserved = FeatureCatalogs.shipped().features().stream().filter(Feature::isReserved).findFirst().orElseThrow();
        HostProfile h = Hosts.of(Feature.INTEL, Map.of(reserved.getKey(), 1 << reserved.getBit()));
        DecodedFeatures d = decoder.decode(h);
        assertEquals(List.of(), d.present(), "reserved " + reserved + " decoded as a feature");
    }

    @Test
    void featuresComeInLeafSubleafRegisterBitOrder() {
        DecodedFeatures d = decoder.decode(Hosts.shipped("amd-epyc-milan-genoa/epyc-9654.yaml"));
        List<Feature> sorted = d.present().stream().sorted(DecodedFeatures.ORDER).toList();
        assertEquals(sorted, d.present());
        assertEquals("SSE3", d.present().get(0).getName());
        assertTrue(d.has("AVX512F"));
        assertTrue(d.has("AVX512_BF16"), "7.1.eax bit 5 on Zen 4");
    }
}
