package io.cpuidmask.profile;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.yaml.SafeYaml;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Big files are read in parts on all cores; the result must be exactly that of reading the file
 * whole: the same hosts in the same order, problems at the same lines of the file.
 */
class PartedParsingTest {

    /** Parts of at least this many characters: a few documents each. */
    private static final int SMALL_PARTS = 300;

    private static String host(int i, String ecx) {
        return "host: h" + i + "\ncluster: c\ncpuid:\n  - leaf: 0x00000001\n    ecx: " + ecx + "\n    edx: 0x00000001\n";
    }

    private static String file(int hosts, int badAt, String badEcx) {
        StringBuilder b = new StringBuilder("# estate\n");
        for (int i = 0; i < hosts; i++) {
            b.append(i == 0 ? "" : "---\n").append(host(i, i == badAt ? badEcx : "0x0000000" + (i % 10)));
        }
        return b.toString();
    }

    @Test
    void splitsOnlyAtDocumentMarkersAndKeepsEveryCharacter() {
        String text = file(40, -1, null);
        List<SafeYaml.Part> parts = SafeYaml.splitDocuments(text, SMALL_PARTS);
        assertTrue(parts.size() > 5, "parts: " + parts.size());
        StringBuilder joined = new StringBuilder();
        int lines = 0;
        for (SafeYaml.Part p : parts) {
            assertEquals(lines, p.lineOffset(), "a part starts after the lines before it");
            if (p.lineOffset() > 0) {
                assertTrue(p.text().startsWith("---\n"), p.text());
            }
            joined.append(p.text());
            lines += (int) p.text().chars().filter(c -> c == '\n').count();
        }
        assertEquals(text, joined.toString());
    }

    @Test
    void directivesKeepAStreamWhole() {
        String text = "%YAML 1.1\n" + file(40, -1, null);
        assertEquals(1, SafeYaml.splitDocuments(text, SMALL_PARTS).size());
    }

    @Test
    void readingInPartsGivesWhatReadingWholeGives() {
        String text = file(60, 47, "12");
        ProfileParser.Result whole = new ProfileParser(Integer.MAX_VALUE / 4).parse("f.yaml", text);
        ProfileParser.Result parted = new ProfileParser(SMALL_PARTS).parse("f.yaml", text);
        assertEquals(59, whole.hosts().size());
        assertEquals(whole.hosts(), parted.hosts());
        assertEquals(whole.errors(), parted.errors());
        // Host i's ecx is on line 6 + 7i: a comment, six lines for host 0, then "---" and six lines per host.
        assertEquals(List.of(6 + 7 * 47), parted.errors().stream().map(InputError::line).toList());
        HostProfile h48 = parted.hosts().get(47);
        assertEquals("h48", h48.host());
        assertEquals(6 + 7 * 48, h48.lineOf(RegisterKey.of(1, Register.ECX)), "lines count from the start of the file");
        assertEquals(2 + 7 * 48, h48.source().line());
    }

    @Test
    void aSyntaxErrorReadsTheSameWhereverPartsEnd() {
        // Every host from 40 to 59 in turn gets an unclosed quote or bracket: some sit at a part's end.
        for (String bad : List.of("\"0x1", "[0x1, 0x2", "{a: 1")) {
            for (int at = 40; at < 60; at++) {
                String text = file(60, at, bad);
                ProfileParser.Result whole = new ProfileParser(Integer.MAX_VALUE / 4).parse("f.yaml", text);
                ProfileParser.Result parted = new ProfileParser(SMALL_PARTS).parse("f.yaml", text);
                assertEquals(whole, parted, bad + " at host " + at);
                assertEquals(List.of(), parted.hosts());
            }
        }
    }

    @Test
    void nextLineCharactersCountAsLineBreaksAsYamlbeansCountsThem() {
        // yamlbeans counts U+0085 (NEL, YAML 1.1's next line) as a line break: so must the parts' line offsets.
        String text = file(60, 47, "12").replace("host: h0\n", "host: h0\ndescription: \"first\u0085line\"\n");
        ProfileParser.Result whole = new ProfileParser(Integer.MAX_VALUE / 4).parse("f.yaml", text);
        ProfileParser.Result parted = new ProfileParser(SMALL_PARTS).parse("f.yaml", text);
        assertEquals(1, whole.errors().size());
        assertEquals(whole.errors(), parted.errors());
        assertEquals(whole.hosts(), parted.hosts());
    }

    @Test
    void aSyntaxErrorInALatePartLosesTheWholeFileAtItsLine() {
        String text = file(60, 50, "\"0x1");
        ProfileParser.Result whole = new ProfileParser(Integer.MAX_VALUE / 4).parse("f.yaml", text);
        ProfileParser.Result parted = new ProfileParser(SMALL_PARTS).parse("f.yaml", text);
        assertEquals(List.of(), parted.hosts());
        assertEquals(1, parted.errors().size());
        assertEquals(whole.errors(), parted.errors());
        assertTrue(parted.errors().get(0).line() > 300, parted.errors().toString());
    }
}
