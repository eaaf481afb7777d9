package io.cpuidmask.engine;

import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.catalog.MaskEntry;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.MaskString;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.Status;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.support.TestEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A catalogue whose default mask reports a required feature as 0 is itself a finding. */
class GuestMinimumVisibilityTest {

    private static final RegisterKey ECX1 = RegisterKey.of(1, Register.ECX);

    private static ClusterResult check(String mask) {
        GuestCatalog g = new GuestCatalog("v2", "v2", "linux", 64, List.of("SSE4_2"),
                List.of(new MaskEntry(ECX1, null, MaskString.parse(mask), "test", 1)), "v2.yaml");
        // Both hosts have SSE4.2 (bit 20): only the catalogue can be at fault.
        return TestEngine.checkOne(List.of(TestEngine.host("a", "c", "GenuineIntel", Map.of(ECX1, 1 << 20)),
                TestEngine.host("b", "c", "GenuineIntel", Map.of(ECX1, 1 << 20))), g);
    }

    @Test
    void requiredFeatureUnderRIsAnError() {
        ClusterResult r = check("XXXX XXXX XXXR XXXX XXXX XXXX XXXX XXXX");
        Finding f = r.findings().stream().filter(x -> x.getRuleId().equals("guest-minimum-not-visible")).findFirst().orElseThrow();
        assertEquals("SSE4_2", f.getFeature());
        assertEquals(20, f.getBit());
        assertEquals(Status.FAIL, r.status());
    }

    @Test
    void requiredFeatureUnderHIsFine() {
        ClusterResult r = check("XXXX XXXX XXXH XXXX XXXX XXXX XXXX XXXX");
        assertTrue(r.findings().stream().noneMatch(x -> x.getRuleId().equals("guest-minimum-not-visible")));
        assertEquals(Status.PASS, r.status());
    }
}
