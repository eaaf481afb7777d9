package io.cpuidmask.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.report.HtmlReportRenderer;
import io.cpuidmask.report.JsonReportRenderer;
import io.cpuidmask.report.MarkdownReportRenderer;
import io.cpuidmask.report.Report;
import io.cpuidmask.report.ReportStream;
import io.cpuidmask.report.TextReportRenderer;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that streams its reports and keeps no results writes what a kept run's reports render,
 * byte for byte, and says the same through its totals.
 */
class CheckRunStreamTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final CheckRequest REQUEST = new CheckRequest(List.of(Path.of("profiles")), List.of(), List.of(), null);

    @TempDir
    Path tmp;

    private static Report kept() throws UnknownGuestException {
        return new CheckRun(FeatureCatalogs.shipped(), CLOCK).run(REQUEST);
    }

    private static Report streamed(ReportStream stream) throws UnknownGuestException {
        return new CheckRun(FeatureCatalogs.shipped(), CLOCK).run(REQUEST, Progress.NONE, stream, false);
    }

    @Test
    void streamedFilesEqualTheRenderedOnesAndLeaveNoScratchFiles() throws Exception {
        Report kept = kept();
        for (ReportStream.Renderer renderer : List.of(new JsonReportRenderer(), new MarkdownReportRenderer(),
                new HtmlReportRenderer(FeatureCatalogs.shipped()))) {
            ByteArrayOutputStream rendered = new ByteArrayOutputStream();
            renderer.render(kept, rendered);
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            Report light = streamed(renderer.open(written, tmp));
            assertEquals(rendered.toString(StandardCharsets.UTF_8), written.toString(StandardCharsets.UTF_8), renderer.format());
            assertTrue(light.clusters().isEmpty());
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(0, left.count(), renderer.format() + ": scratch files left");
            }
        }
    }

    @Test
    void theSummaryFromItsOwnLinesEqualsTheOneFromTheResults() throws Exception {
        TextReportRenderer text = new TextReportRenderer(FeatureCatalogs.shipped());
        Report kept = kept();
        StringWriter rendered = new StringWriter();
        text.render(kept, rendered);
        TextReportRenderer.Summary summary = text.summary();
        Report light = streamed(summary);
        StringWriter printed = new StringWriter();
        text.render(light, summary, printed);
        assertEquals(rendered.toString(), printed.toString());
        assertTrue(rendered.toString().contains("FAIL"), rendered::toString);
    }

    @Test
    void totalsOfAStreamedRunAreThoseOfItsResults() throws Exception {
        Report kept = kept();
        Report light = streamed(new JsonReportRenderer().open(new ByteArrayOutputStream(), null));
        assertTrue(kept.clusters().size() > 10);
        assertEquals(Report.Totals.of(kept.clusters()), light.totals());
        assertEquals(kept.totals(), light.totals());
        assertEquals(kept.exitCode(true), light.exitCode(true));
        assertEquals(kept.checkedNothing(), light.checkedNothing());
    }
}
