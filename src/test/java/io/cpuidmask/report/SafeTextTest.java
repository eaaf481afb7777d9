package io.cpuidmask.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every way of writing through the filter shows unsafe characters as escapes and passes the rest unchanged. */
class SafeTextTest {

    private static final String INPUT = "ok \u202eevil\u202c tab\tand\u001b[31m red \u0085 end™";
    private static final String SHOWN = "ok \\u202eevil\\u202c tab\tand\\u001b[31m red \\u0085 end™";

    @Test
    void cleanEscapesOnlyUnsafeCharacters() {
        assertEquals(SHOWN, SafeText.clean(INPUT));
        assertEquals("plain", SafeText.clean("plain"));
    }

    @Test
    void filterEscapesWhateverWayTextArrives() throws IOException {
        StringWriter chars = new StringWriter();
        try (Writer w = SafeText.filter(chars)) {
            char[] a = ("xx" + INPUT + "yy").toCharArray();
            w.write(a, 2, INPUT.length());
        }
        StringWriter strings = new StringWriter();
        try (Writer w = SafeText.filter(strings)) {
            w.write("xx" + INPUT + "yy", 2, INPUT.length());
        }
        StringWriter single = new StringWriter();
        try (Writer w = SafeText.filter(single)) {
            for (char c : INPUT.toCharArray()) {
                w.write(c);
            }
        }
        assertEquals(SHOWN, chars.toString());
        assertEquals(SHOWN, strings.toString());
        assertEquals(SHOWN, single.toString());
    }
}
