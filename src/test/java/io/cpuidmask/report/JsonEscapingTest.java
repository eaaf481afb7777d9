package io.cpuidmask.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpuidmask.model.InputError;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * report.json written straight to bytes escapes exactly what SafeText's filter would have, as the
 * filter writes it, and keeps the rest (characters beyond the BMP too) as they are.
 */
class JsonEscapingTest {

    private static final String HOSTILE = "a\u202eb\u0001c\u001b[31md\u007fe\u0085f\u2028g\u061ch\ufffei 😀 é \"q\" \\ /\tz";
    /** JSON's own escapes (upper-case hex) below space, SafeText's (lower-case) for the rest. */
    private static final String WRITTEN = "\"a\\u202eb\\u0001c\\u001B[31md\\u007fe\\u0085f\\u2028g\\u061ch\\ufffei 😀 é \\\"q\\\" \\\\ /\\tz\"";

    private static Report report() {
        return new Report("0.1.0", Instant.parse("2026-01-01T00:00:00Z"), "00", List.of("rules/x.drl"), List.of(),
                List.of(new Report.Input("p.yaml", "ab", HOSTILE)), List.of(), List.of(new InputError("p.yaml", 3, HOSTILE)),
                List.of());
    }

    @Test
    void bytesHoldSafeTextsEscapesAndReadBackAsTheInput() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new JsonReportRenderer().render(report(), bytes);
        String json = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(json.contains("\"host\" : " + WRITTEN), json);
        assertTrue(json.contains("\"message\" : " + WRITTEN), json);
        assertTrue(json.chars().noneMatch(c -> SafeText.unsafe((char) c) && c != '\n'), json);
        assertEquals(HOSTILE, new ObjectMapper().readTree(json).path("inputErrors").path(0).path("message").asText());
        assertTrue(json.endsWith("}\n"), json);
    }

    @Test
    void bytesEqualTheTextThroughTheFilter() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new JsonReportRenderer().render(report(), bytes);
        StringWriter text = new StringWriter();
        Writer filtered = SafeText.filter(text);
        new JsonReportRenderer().render(report(), filtered);
        filtered.flush();
        assertEquals(text.toString(), bytes.toString(StandardCharsets.UTF_8));
    }
}
