package io.cpuidmask.profile;

import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.InputError;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.yaml.TextFiles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileParserTest {

    private static final String GOOD = """
            # a host
            host: esx-a.lab
            cluster: lab
            vendor: GenuineIntel
            description: Xeon
            cpuid:
              - leaf: 0x00000001
                ecx: 0x0000641d
                edx: 0xbfebfbff
              - leaf: 0x00000007
                subleaf: 0
                ebx: 0000 0000 0000 0000 0000 0000 0000 1001
              - leaf: 0x80000001
                ecx: 0x00000000
                edx: 0x20000000
            """;

    private final ProfileParser parser = new ProfileParser();

    private ProfileParser.Result parse(String text) {
        return parser.parse("p.yaml", text);
    }

    private InputError onlyError(String text) {
        ProfileParser.Result r = parse(text);
        assertTrue(r.hosts().isEmpty(), "no host expected from a bad profile");
        assertEquals(1, r.errors().size(), () -> "errors: " + r.errors());
        return r.errors().get(0);
    }

    @Test
    void readsTheContractExample() {
        ProfileParser.Result r = parse(GOOD);
        assertEquals(List.of(), r.errors());
        HostProfile h = r.hosts().get(0);
        assertEquals("esx-a.lab", h.host());
        assertEquals("lab", h.cluster());
        assertEquals("GenuineIntel", h.vendor());
        assertEquals(OptionalInt.of(0x641d), h.value(RegisterKey.of(1, Register.ECX)));
        assertEquals(OptionalInt.of(9), h.value(RegisterKey.of(7, Register.EBX)));
        assertEquals(OptionalInt.of(0x20000000), h.value(RegisterKey.of(0x80000001L, Register.EDX)));
        assertEquals(2, h.source().line());
        assertEquals(8, h.lineOf(RegisterKey.of(1, Register.ECX)));
        assertEquals(15, h.lineOf(RegisterKey.of(0x80000001L, Register.EDX)));
    }

    @Test
    void acceptsBomAndCrlf() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = GOOD.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, 3);
        System.arraycopy(body, 0, all, 3, body.length);
        ProfileParser.Result r = parse(TextFiles.decode(all));
        assertEquals(List.of(), r.errors());
        assertEquals(1, r.hosts().size());
    }

    @Test
    void clusterDefaultsToDefault() {
        HostProfile h = parse("host: x\ncpuid:\n  - leaf: 0x1\n    ecx: 0x1\n").hosts().get(0);
        assertEquals("default", h.cluster());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bare digits|host: x\\ncpuid:\\n  - leaf: 0x1\\n    ecx: 00004400\\n|4|bare digits",
        "hex too long|host: x\\ncpuid:\\n  - leaf: 0x1\\n    ecx: 0x123456789\\n|4|1 to 8 hex digits",
        "binary too short|host: x\\ncpuid:\\n  - leaf: 0x1\\n    ecx: 0000 0000 0000\\n|4|needs 32",
        "unknown top key|host: x\\nclutser: lab\\ncpuid:\\n  - leaf: 0x1\\n    ecx: 0x1\\n|2|unknown key 'clutser'",
        "unknown leaf key|host: x\\ncpuid:\\n  - leaf: 0x1\\n    exc: 0x1\\n|4|unknown key 'exc'",
        "duplicate key|host: x\\nhost: y\\ncpuid:\\n  - leaf: 0x1\\n|2|duplicate key 'host'",
        "missing host|cluster: c\\ncpuid:\\n  - leaf: 0x1\\n    ecx: 0x1\\n|1|missing required key 'host'",
        "missing cpuid|host: x\\n|1|missing required key 'cpuid'",
        "cpuid a map|host: x\\ncpuid:\\n  leaf: 0x1\\n|2|must be a list",
        "list for host|host:\\n  - a\\ncpuid:\\n  - leaf: 0x1\\n|1|must be a single value",
        "decimal leaf|host: x\\ncpuid:\\n  - leaf: 1\\n    ecx: 0x1\\n|3|must be 0x",
        "leaf twice|host: x\\ncpuid:\\n  - leaf: 0x1\\n    ecx: 0x1\\n  - leaf: 0x1\\n    ecx: 0x2\\n|6|given twice",
        "java tag|host: x\\ncpuid:\\n  - leaf: 0x1\\n    ecx: !java.lang.ProcessBuilder x\\n|4|tag",
        "double bang tag|host: !!javax.script.ScriptEngineManager x\\ncpuid: []\\n|1|tag",
        "anchor|host: &h x\\ncpuid:\\n  - leaf: 0x1\\n|1|anchor",
        "tab indentation|host: x\\ncpuid:\\n\\t- leaf: 0x1\\n|3|tab",
        "not a mapping|- a\\n- b\\n|1|must be a mapping",
        "empty|\\n# nothing\\n|1|empty profile",
        "microcode decimal|host: x\\nmicrocode: 222\\ncpuid:\\n  - leaf: 0x1\\n|2|microcode revision '222' must be 0x",
        "microcode too wide|host: x\\nmicrocode: 0x123456789\\ncpuid:\\n  - leaf: 0x1\\n|2|1 to 8 hex digits",
        "microcode a list|host: x\\nmicrocode:\\n  - 0x1\\ncpuid:\\n  - leaf: 0x1\\n|2|'microcode' must be a single value",
        "firmware bidi|host: x\\nfirmware: \"1.0\\u202e\"\\ncpuid:\\n  - leaf: 0x1\\n|2|firmware must be printable text (it holds U+202E",
    })
    void rejectsBadInputWithLine(String name, String text, int line, String fragment) {
        InputError e = onlyError(text.replace("\\n", "\n").replace("\\t", "\t"));
        assertEquals(line, e.line(), () -> name + ": " + e.render());
        assertTrue(e.message().contains(fragment), () -> name + ": " + e.render());
        assertTrue(e.render().startsWith("p.yaml:" + line + ": "), e::render);
    }

    @Test
    void microcodeAndFirmwareAreOptionalAndKept() {
        HostProfile h = parse("host: x\nmicrocode: 0x5003102\nfirmware: \"U30 v2.80 (10/04/2023)\"\ncpuid:\n"
                + "  - leaf: 0x1\n    ecx: 0x1\n").hosts().get(0);
        assertEquals(0x5003102L, h.microcode());
        assertEquals("U30 v2.80 (10/04/2023)", h.firmware());
        HostProfile none = parse("host: y\ncpuid:\n  - leaf: 0x1\n    ecx: 0x1\n").hosts().get(0);
        assertEquals(null, none.microcode());
        assertEquals(null, none.firmware());
    }

    @Test
    void firmwareOverTheLimitIsRefusedWithItsLine() {
        InputError e = onlyError("host: x\nfirmware: \"" + "v".repeat(HostProfile.MAX_FIRMWARE_CHARS + 1)
                + "\"\ncpuid:\n  - leaf: 0x1\n");
        assertEquals(2, e.line(), e::render);
        assertTrue(e.message().contains("over the limit of " + HostProfile.MAX_FIRMWARE_CHARS), e::render);
    }

    @Test
    void aliasIsRefusedNotReadAsNull() {
        ProfileParser.Result r = parse("host: x\ncpuid:\n  - leaf: 0x1\n    ecx: 0x1\n    edx: *a\n");
        assertTrue(r.hosts().isEmpty());
        assertTrue(r.errors().get(0).message().contains("alias"), r.errors().toString());
    }

    @Test
    void malformedYamlNamesTheLine() {
        ProfileParser.Result r = parse("host: x\ncpuid:\n  - leaf: \"0x1\n    ecx: 0x1\n");
        assertTrue(r.hosts().isEmpty());
        assertTrue(r.errors().get(0).line() >= 3, r.errors().toString());
    }

    @Test
    void severalDocumentsGiveSeveralHostsAndBadOnesAreSkipped() {
        ProfileParser.Result r = parse("host: a\ncpuid:\n  - leaf: 0x1\n    ecx: 0x1\n---\nhost: b\ncpuid:\n  - leaf: 0x1\n    ecx: 12\n"
                + "---\nhost: c\ncpuid:\n  - leaf: 0x1\n    ecx: 0x3\n");
        assertEquals(List.of("a", "c"), r.hosts().stream().map(HostProfile::host).toList());
        assertEquals(1, r.errors().size());
        assertEquals(9, r.errors().get(0).line(), r.errors().toString());
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "host: x\ncpuid: " + "[".repeat(200) + "]".repeat(200) + "\n";
        ProfileParser.Result r = parse(deep);
        assertTrue(r.hosts().isEmpty());
        assertTrue(r.errors().get(0).message().contains("nesting"), r.errors().toString());
    }
}
