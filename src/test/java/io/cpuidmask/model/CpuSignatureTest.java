package io.cpuidmask.model;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuSignatureTest {

    @ParameterizedTest(name = "{0}: family {1} model {2} stepping {3}")
    @CsvSource({
        "000306F2, 6,  63, 2",   // Haswell-EP: extended model applies to family 6
        "00050654, 6,  85, 4",   // Skylake-SP
        "00000F25, 15, 2,  5",   // NetBurst Xeon: family 0xF, extended family 0
        "00000F43, 15, 4,  3",   // Irwindale (seed)
        "00600F12, 21, 1,  2",   // Bulldozer: family 0xF + 6
        "00A10F11, 25, 17, 1",   // Zen 4: family 0xF + 0xA, model (1 << 4) + 1
        "00100F2A, 16, 2,  10",  // K10: family 0xF + 1
        "00010520, 5,  2,  0"})  // family 5: the extended model is not part of the model
    void decodesAsDesignSectionTwoSays(String eax, int family, int model, int stepping) {
        assertEquals(new CpuSignature(family, model, stepping), CpuSignature.decode((int) Long.parseLong(eax, 16)));
    }

    @Test
    void unknownLeafOneEaxHasNoSignature() {
        HostProfile h = new HostProfile("h", null, null, null, new TreeMap<>(Map.of(RegisterKey.of(1, Register.ECX), 1)),
                new SourceRef("h.yaml", 1), Map.of());
        assertTrue(CpuSignature.of(h).isEmpty());
    }
}
