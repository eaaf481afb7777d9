package io.cpuidmask.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.report.JsonReportRenderer;
import io.cpuidmask.report.Report;
import io.cpuidmask.report.ReportStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run that streams its report and keeps no results writes the report a kept run's renders, and
 * says the same through its totals.
 */
class CheckRunStreamTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void streamedReportEqualsTheRenderedOneAndTheTotalsSayWhatTheResultsDid() throws Exception {
        CheckRequest request = new CheckRequest(List.of(Path.of("profiles")), List.of(), List.of(), null);
        Report kept = new CheckRun(FeatureCatalogs.shipped(), CLOCK).run(request);
        ByteArrayOutputStream rendered = new ByteArrayOutputStream();
        new JsonReportRenderer().render(kept, rendered);

        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        ReportStream stream = new JsonReportRenderer().open(streamed);
        Report light = new CheckRun(FeatureCatalogs.shipped(), CLOCK).run(request, Progress.NONE, stream, false);

        assertEquals(rendered.toString(StandardCharsets.UTF_8), streamed.toString(StandardCharsets.UTF_8));
        assertTrue(light.clusters().isEmpty());
        assertTrue(kept.clusters().size() > 10);
        assertEquals(Report.Totals.of(kept.clusters()), light.totals());
        assertEquals(kept.totals(), light.totals());
        assertEquals(kept.exitCode(true), light.exitCode(true));
        assertEquals(kept.checkedNothing(), light.checkedNothing());
    }
}
