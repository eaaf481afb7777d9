package io.cpuidmask.engine;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.Severity;
import io.cpuidmask.model.Status;
import io.cpuidmask.report.Report;
import io.cpuidmask.result.ClusterResult;
import io.cpuidmask.result.MaskResult;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.cpuidmask.support.TestEngine.mask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worked example the project grew from (../shared/seed, corrected by its ERRATA). */
class SeedExampleTest {

    private static final RegisterKey ECX1 = RegisterKey.of(1, Register.ECX);
    private static Report report;

    @BeforeAll
    static void checkSeed() throws Exception {
        report = new CheckRun(FeatureCatalogs.shipped(), Clock.systemUTC()).run(new CheckRequest(
                List.of(Path.of("profiles/seed")), List.of("windows", "windows-64", "linux"),
                List.of(Path.of("rules")), Path.of("rules/masks")));
        assertEquals(List.of(), report.inputErrors());
    }

    private static ClusterResult result(String guest) {
        return report.clusters().stream().filter(c -> c.guest().equals(guest)).findFirst().orElseThrow();
    }

    @Test
    void windowsGetsTheCorrectedMasksOfTheErrata() {
        MaskResult m = mask(result("windows"), ECX1);
        assertEquals("RRRR RRRR RRRR RRR0 00XR R0H0 000H 0RRH", m.defaultMask().format());
        assertEquals("---- ---- ---- ---- ---- ---- ---0 -0-0", m.custom().format());
        assertEquals("RRRR RRRR RRRR RRR0 00XR R0H0 0000 00R0", m.effective().format());
        assertEquals(List.of(0, 2, 4), m.hiddenBits());
        assertEquals("SSE3", m.hiddenFeatures().get(0));
    }

    @Test
    void windowsHidesNothingElse() {
        for (MaskResult m : result("windows").masks()) {
            if (!m.key().equals(ECX1)) {
                assertEquals(List.of(), m.hiddenBits(), m.key().label());
            }
        }
        // 0x80000001 EDX differs in LM (bit 29), which the ESX 3.0 default marks X.
        MaskResult edx81 = mask(result("windows"), RegisterKey.of(0x80000001L, Register.EDX));
        assertEquals(1 << 29, edx81.differing());
        assertEquals("---- ---- ---- ---- ---- ---- ---- ----", edx81.custom().format());
    }

    @Test
    void windowsIsRiskyBecauseSse3IsUsableFromUserMode() {
        ClusterResult r = result("windows");
        assertEquals(Status.RISKY, r.status());
        assertTrue(r.findings().stream().anyMatch(f -> f.getRuleId().equals("hidden-user-mode-feature")
                && "SSE3".equals(f.getFeature()) && f.getSeverity() == Severity.WARNING), r.findings().toString());
    }

    @Test
    void windows64FailsOnLongMode() {
        ClusterResult r = result("windows-64");
        assertEquals(Status.FAIL, r.status());
        Finding lm = r.findings().stream().filter(f -> f.getRuleId().equals("long-mode-missing")).findFirst().orElseThrow();
        assertEquals(Severity.ERROR, lm.getSeverity());
        assertEquals("esx-b.lab", lm.getHost());
        assertEquals(29, lm.getBit());
        assertEquals(1, r.findings().stream().filter(f -> f.getSeverity() == Severity.ERROR && "esx-b.lab".equals(f.getHost())
                && Integer.valueOf(29).equals(f.getBit())).count(), "one error for the missing LM, not two");
    }

    @Test
    void linuxWarnsAboutSse3WithItsOwnMessage() {
        ClusterResult r = result("linux");
        Finding f = r.findings().stream().filter(x -> x.getRuleId().equals("linux-hidden-simd")).findFirst().orElseThrow();
        assertEquals(Severity.WARNING, f.getSeverity());
        assertEquals("SSE3", f.getFeature());
        assertTrue(f.getMessage().contains("glibc"), f.getMessage());
        assertTrue(r.findings().stream().noneMatch(x -> x.getRuleId().equals("hidden-user-mode-feature")
                && "SSE3".equals(x.getFeature())), "the generic warning gives way to the Linux one");
    }
}
