package io.cpuidmask.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpuidmask.catalog.CatalogLoader;
import io.cpuidmask.catalog.GuestCatalog;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.FindingTexts;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.profile.ProfileLoader;
import io.cpuidmask.support.TestEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Equal finding messages of one run share one string, whichever session made them. */
class FindingTextsTest {

    @Test
    void equalMessagesOfARunAreOneString() {
        List<HostProfile> seed = new ProfileLoader(null).load(List.of(Path.of("profiles/seed"))).hosts();
        List<HostProfile> hosts = new ArrayList<>();
        for (int c = 0; c < 12; c++) { // more clusters than one session takes
            for (HostProfile h : seed) {
                hosts.add(new HostProfile(h.host() + "." + c, "seed-" + c, h.vendor(), h.description(), h.registers(),
                        h.source(), h.lines()));
            }
        }
        List<GuestCatalog> guests = List.copyOf(new CatalogLoader().load(Path.of("rules/masks")).guests().values());
        List<Finding> findings = TestEngine.engine().evaluate(hosts, guests).outcomes().stream()
                .flatMap(o -> o.findings().stream()).toList();
        Map<String, List<Finding>> byText = findings.stream().collect(Collectors.groupingBy(Finding::getMessage));
        assertTrue(byText.values().stream().anyMatch(l -> l.size() >= 12), "some message repeats across clusters");
        for (List<Finding> same : byText.values()) {
            for (Finding f : same) {
                assertSame(same.get(0).getMessage(), f.getMessage(), f.getMessage());
            }
        }
    }

    @Test
    void outsideARunTextsStayAsTheyAre() {
        String a = new String("hiding SSE3");
        String b = new String("hiding SSE3");
        assertSame(b, FindingTexts.NONE.canonical(b));
        FindingTexts run = FindingTexts.forRun();
        assertSame(a, run.canonical(a));
        assertSame(a, run.canonical(b));
        assertEquals("x", run.canonical("x"));
    }
}
