package io.cpuidmask.yaml;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one line splitter: YAML's count (every line break starts a line) and an editor's (dumps). */
class TextLinesTest {

    private static List<String> all(TextLines lines) {
        List<String> out = new ArrayList<>();
        for (int n = 1; n <= lines.count(); n++) {
            out.add(lines.line(n));
        }
        return out;
    }

    @Test
    void yamlStartsALineAfterEveryBreakIncludingNextLine() {
        assertEquals(List.of(""), all(TextLines.yaml("")));
        assertEquals(List.of("a", ""), all(TextLines.yaml("a\n")));
        assertEquals(List.of("a", "b", "c"), all(TextLines.yaml("a\u0085b\nc")));
        assertEquals(List.of("", "", ""), all(TextLines.yaml("\n\n")));
        assertTrue(TextLines.isYamlLineBreak('\u0085'));
        assertFalse(TextLines.isYamlLineBreak('\u2028'), "yamlbeans does not count LS where it numbers lines");
    }

    @Test
    void editorLinesEndAtLineFeedsOnlyAndTheLastOneStartsNoLine() {
        assertEquals(List.of(), all(TextLines.of("")));
        assertEquals(List.of(), all(TextLines.of("\n")));
        assertEquals(List.of("", ""), all(TextLines.of("\n\n")));
        assertEquals(List.of("a"), all(TextLines.of("a\n")));
        assertEquals(List.of("a\u0085b", "c"), all(TextLines.of("a\u0085b\nc")));
    }

    @Test
    void onlyACutLastLineIsUnterminated() {
        TextLines cut = TextLines.of("a\nb");
        assertFalse(cut.unterminated(1));
        assertTrue(cut.unterminated(2));
        assertFalse(TextLines.of("a\nb\n").unterminated(2));
        assertFalse(TextLines.of("a\n  ").unterminated(2), "a blank cut line cuts no record");
        assertFalse(TextLines.yaml("a\nb").unterminated(2), "YAML does not ask");
    }
}
