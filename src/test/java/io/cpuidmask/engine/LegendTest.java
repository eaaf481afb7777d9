package io.cpuidmask.engine;

import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.Severity;
import io.cpuidmask.model.Status;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.cpuidmask.support.TestEngine.checkOne;
import static io.cpuidmask.support.TestEngine.guest;
import static io.cpuidmask.support.TestEngine.host;
import static io.cpuidmask.support.TestEngine.mask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each legend character of a default mask does to a bit on which two hosts differ. */
class LegendTest {

    // 0x80000001 ECX bit 16 is reserved on Intel: no feature rule interferes with the legend.
    private static final RegisterKey KEY = RegisterKey.of(0x80000001L, Register.ECX);
    private static final int BIT = 16;

    private static ClusterResult check(char legend, int a, int b) {
        StringBuilder m = new StringBuilder("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
        m.setCharAt(31 - BIT, legend);
        return checkOne(List.of(host("a", "c", "GenuineIntel", Map.of(KEY, a)), host("b", "c", "GenuineIntel", Map.of(KEY, b))),
                guest("g", "other", 64, Map.of(KEY, m.toString())));
    }

    @ParameterizedTest(name = "default {0}: hidden={1}, status={2}")
    @CsvSource({
        "R, true,  MASKED",
        "H, true,  MASKED",
        "r, true,  MASKED",
        "X, false, PASS",
        "0, false, PASS",
        "1, false, PASS",
    })
    void differingBitIsHiddenOnlyUnderROrH(char legend, boolean hidden, Status status) {
        ClusterResult r = check(legend, 1 << BIT, 0);
        MaskResult m = mask(r, KEY);
        assertEquals(hidden ? List.of(BIT) : List.of(), m.hiddenBits());
        assertEquals(status, r.status());
        assertEquals(hidden ? "---- ---- ---- ---0 ---- ---- ---- ----" : "---- ---- ---- ---- ---- ---- ---- ----",
                m.custom().format());
    }

    @ParameterizedTest
    @CsvSource({"R", "H", "X", "T", "F", "0", "1"})
    void agreeingBitIsNeverHidden(char legend) {
        ClusterResult r = check(legend, 1 << BIT, 1 << BIT);
        assertEquals(List.of(), mask(r, KEY).hiddenBits());
    }

    @Test
    void requiredFeatureMissingIsAnErrorNotAMask() {
        ClusterResult r = check('T', 1 << BIT, 0);
        assertEquals(Status.FAIL, r.status());
        assertEquals(List.of(), mask(r, KEY).hiddenBits());
        Finding f = r.findings().stream().filter(x -> x.getRuleId().equals("required-feature-missing")).findFirst().orElseThrow();
        assertEquals(Severity.ERROR, f.getSeverity());
        assertEquals("b", f.getHost());
        assertEquals(BIT, f.getBit());
    }

    @Test
    void requiredFeaturePresentOnAllPasses() {
        assertEquals(Status.PASS, check('T', 1 << BIT, 1 << BIT).status());
    }

    @Test
    void forbiddenFeaturePresentIsAnError() {
        ClusterResult r = check('F', 1 << BIT, 0);
        assertEquals(Status.FAIL, r.status());
        Finding f = r.findings().get(0);
        assertEquals("forbidden-feature-present", f.getRuleId());
        assertEquals("a", f.getHost());
        assertEquals(Status.PASS, check('F', 0, 0).status());
    }

    @Test
    void registerSomeHostLacksIsNotComparedAndReported() {
        RegisterKey other = RegisterKey.of(0x80000001L, Register.EDX);
        ClusterResult r = checkOne(List.of(host("a", "c", "GenuineIntel", Map.of(KEY, 1, other, 5)),
                        host("b", "c", "GenuineIntel", Map.of(KEY, 0))),
                guest("g", "other", 32, Map.of(KEY, "RRRR RRRR RRRR RRRR RRRR RRRR RRRR RRRR",
                        other, "RRRR RRRR RRRR RRRR RRRR RRRR RRRR RRRR")));
        MaskResult m = mask(r, other);
        assertEquals("---- ---- ---- ---- ---- ---- ---- ----", m.custom().format());
        assertEquals(List.of("b"), m.missingOn());
        Finding info = r.findings().stream().filter(f -> f.getRuleId().equals("register-not-compared")).findFirst().orElseThrow();
        assertEquals(Severity.INFO, info.getSeverity());
        assertTrue(info.getMessage().contains("80000001.edx"), info.getMessage());
        assertEquals(List.of(0), mask(r, KEY).hiddenBits());
    }
}
