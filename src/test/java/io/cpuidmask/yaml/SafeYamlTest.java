package io.cpuidmask.yaml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link SafeYaml} builds from a text, which lines it names, and what it refuses, with which words. */
class SafeYamlTest {

    private static SafeYaml.Document one(String text) throws YamlInputException {
        List<SafeYaml.Document> docs = SafeYaml.readAll(text);
        assertEquals(1, docs.size(), docs::toString);
        return docs.get(0);
    }

    private static YamlInputException refused(String text) {
        return assertThrows(YamlInputException.class, () -> SafeYaml.readAll(text));
    }

    private static void assertRefused(String text, int line, String message) {
        YamlInputException e = refused(text);
        assertEquals(line + ": " + message, e.line() + ": " + e.getMessage());
    }

    @Test
    void mappingsKeepTheirOrderAndEveryScalarIsText() throws YamlInputException {
        Object data = one("b: 1\na: [x, 'y']\nd: {e: f}\n").data();
        assertEquals(LinkedHashMap.class, data.getClass());
        Map<?, ?> map = (Map<?, ?>) data;
        assertEquals(List.of("b", "a", "d"), new ArrayList<>(map.keySet()));
        assertEquals("1", map.get("b"));
        assertEquals(ArrayList.class, map.get("a").getClass());
        assertEquals(List.of("x", "y"), map.get("a"));
        assertEquals(Map.of("e", "f"), map.get("d"));
    }

    @Test
    void plainNullsAreNoValueButQuotedOnesAndKeysStayText() throws YamlInputException {
        Map<?, ?> map = (Map<?, ?>) one("c:\n  - ~\n  - null\n  - Null\n  - NULL\n  -\n  - ''\n  - \"null\"\n  - nULL\n~: k\n").data();
        assertEquals(Arrays.asList(null, null, null, null, null, "", "null", "nULL"), map.get("c"));
        assertEquals("k", map.get("~"));
        assertNull(one("~\n").data());
    }

    @Test
    void everyKeyAndItemHasItsLine() throws YamlInputException {
        String text = "# a comment\nhost: h\ncpuid:\n  - leaf: 0x1\n    ecx: 0x1\n  - {leaf: 0x7, ebx: 0x2}\n\n"
                + "  - [x]\n  -\n    - y\nnames:\n- one\n-   two\n";
        SafeYaml.Document doc = one(text);
        LineIndex lines = doc.lines();
        assertEquals(2, lines.documentLine());
        assertEquals(2, lines.lineOf("host"));
        assertEquals(4, lines.lineOf("cpuid[0]"));
        assertEquals(5, lines.lineOf("cpuid[0].ecx"));
        assertEquals(6, lines.lineOf("cpuid[1]"));
        assertEquals(8, lines.lineOf("cpuid[2]"));
        assertEquals(9, lines.lineOf("cpuid[3]"));
        assertEquals(10, lines.lineOf("cpuid[3][0]"));
        assertEquals(12, lines.lineOf("names[0]"));
        assertEquals(13, lines.lineOf("names[1]"));
        assertEquals(11, lines.lineOf("names[7]"), "a missing item is named at its parent's line");
        Map<?, ?> root = (Map<?, ?>) doc.data();
        assertEquals(11, lines.lineOfKey(root, "names", -1));
        assertEquals(-1, lines.lineOfKey(root, "absent", -1));
        assertEquals(12, lines.lineOfItem(root.get("names"), 0, -1));
    }

    @Test
    void documentsCountLinesFromTheFileStart() throws YamlInputException {
        List<SafeYaml.Document> docs = SafeYaml.readAll("--- \na: 1\n---\nb: 2\n--- text\n", 10);
        assertEquals(List.of(12, 14, 15), docs.stream().map(d -> d.lines().documentLine()).toList());
        assertEquals(14, docs.get(1).lines().lineOf("b"));
        assertEquals("text", docs.get(2).data());
        assertEquals(5, SafeYaml.readAll("%YAML 1.1\n---\n# c\n\nhost: x\n").get(0).lines().documentLine());
    }

    @Test
    void nextLineCountsAsALineBreakAsYamlbeansCountsIt() throws YamlInputException {
        SafeYaml.Document doc = one("a: b\u0085c: d\n");
        assertEquals(Map.of("a", "b", "c", "d"), doc.data());
        assertEquals(2, doc.lines().lineOf("c"));
    }

    /** Input (escapes as in Java) | the line named | the message. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a:\\n  b: !!str x\\n | 2 | tag 'tag:yaml.org,2002:str' refused: YAML tags are not allowed in inputs (nothing is instantiated)
            a: 1\\nb: !java.lang.ProcessBuilder [x]\\n | 2 | tag '!java.lang.ProcessBuilder' refused: YAML tags are not allowed in inputs (nothing is instantiated)
            a: &x 1\\n | 1 | anchor '&x' refused: anchors and aliases are not allowed in inputs
            a: 1\\nb: *x\\n | 2 | alias '*x' refused: anchors and aliases are not allowed in inputs
            a: 1\\n<<: {c: d}\\n | 2 | merge key '<<' refused: merging mappings is not allowed in inputs
            a: 1\\nb: 2\\na: 3\\n | 3 | duplicate key 'a'
            null: a\\n: b\\n | 2 | duplicate key 'null'
            a: 1\\n? [a]\\n: b\\n | 3 | mapping keys must be plain scalars
            a: {b: c}}\\n | 1 | malformed YAML (column 11): Expected a 'block end' but found: flow mapping end
            - a\\n- b: c\\n  d: e\\n- ]\\n | 4 | malformed YAML (column 4): Expected a sequence, mapping, or scalar but found: flow sequence end
            {key}\\n | 1 | malformed YAML (column 1): Expected scalar, sequence, or mapping but found: mapping end
            a: 1\\nb: "x\\n\\n\\n | 2 | unclosed quote: the quoted value that starts on this line never ends
            a:\\n\\tb: 1\\n | 2 | tab character in indentation (YAML allows only spaces)
            """)
    void refusesNamingTheLine(String input, int line, String message) {
        // "{key}": a mapping end where a value belongs, reported as yamlbeans' object reader did; an empty key is "null".
        assertRefused(input.translateEscapes(), line, message);
    }

    @Test
    void aLongDuplicateKeyIsShortenedInTheMessage() {
        String x = "x".repeat(70);
        assertRefused("k: 1\n" + x + ": 1\n" + x + ": 2\n", 3, "duplicate key '" + "x".repeat(64) + "...'");
    }

    @Test
    void nestingIsBoundedBeforeTheParserReadsOn() throws YamlInputException {
        assertEquals(ArrayList.class, one("[".repeat(32) + "]".repeat(32) + "\n").data().getClass());
        assertRefused("[".repeat(33) + "]".repeat(33) + "\n", 1, "nesting deeper than 32 levels refused");
        // Far deeper, and never closed: refused at level 33, in well under a second.
        long t0 = System.nanoTime();
        assertRefused("a:\n" + "[".repeat(8000) + "\n", 2, "nesting deeper than 32 levels refused");
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
    }

    @Test
    void anEmptyStreamHasNoDocuments() throws YamlInputException {
        assertEquals(List.of(), SafeYaml.readAll(""));
        assertEquals(List.of(), SafeYaml.readAll("# only a comment\n\n"));
    }
}
