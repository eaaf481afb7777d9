package io.cpuidmask.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cpuidmask.yaml} / {@code --config}: a project pins its inputs, its guests per cluster,
 * formats, out and fail-on; errors are file:line with exit 3; the command line wins.
 */
class ProjectConfigTest {

    @TempDir
    Path tmp;

    /** The shipped profiles under the temporary folder, and a config beside them. */
    private Path config(String yaml) throws IOException {
        Path profiles = tmp.resolve("profiles");
        if (!Files.isDirectory(profiles)) {
            try (var walk = Files.walk(Path.of("profiles"))) {
                for (Path p : walk.toList()) {
                    Files.copy(p, profiles.resolve(Path.of("profiles").relativize(p).toString()));
                }
            }
        }
        return Files.writeString(tmp.resolve("cpuidmask.yaml"), yaml);
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** Cluster to the guests it was checked against, from report.json. */
    private static Map<String, List<String>> checked(JsonNode report) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (JsonNode c : report.get("clusters")) {
            out.computeIfAbsent(c.get("cluster").asText(), k -> new ArrayList<>()).add(c.get("guest").asText());
        }
        return out;
    }

    @Test
    void eachClusterIsCheckedAgainstTheGuestsOfTheFirstPatternItMatches() throws IOException {
        Path file = config("""
                # paths are relative to this file's folder
                inputs: [profiles]
                guests:
                  "intel-*": [rhel9-64, windows11-64]
                  "amd-epyc-naples-rome": [windows]
                  "amd-*": [linux-64, windows-64]
                  "*": [linux]
                formats: [json]
                out: reports
                """);
        CheckCommandTest.Run r = CheckCommandTest.run("check", "--config", file.toString());
        assertEquals(0, r.code(), "no FAIL among these: " + r.err());
        assertEquals("", r.out(), "formats: [json]: no text");
        Map<String, List<String>> checked = checked(json(tmp.resolve("reports/report.json")));
        assertEquals(Map.of("amd-epyc-milan-genoa", List.of("linux-64", "windows-64"),
                "amd-epyc-naples-rome", List.of("windows"),
                "intel-mixed", List.of("rhel9-64", "windows11-64"),
                "intel-scalable", List.of("rhel9-64", "windows11-64"),
                "seed", List.of("linux")), checked);
        assertEquals(List.of("amd-epyc-milan-genoa", "amd-epyc-naples-rome", "intel-mixed", "intel-scalable", "seed"),
                List.copyOf(checked.keySet()), "clusters in order, as one check gives them");
    }

    @Test
    void aClusterNoPatternMatchesIsNotCheckedAndAWarningSaysSo() throws IOException {
        Path file = config("guests:\n  \"intel-?????\": [linux-64]\n  seed: [windows]\nformats: [json]\nout: r\n");
        CheckCommandTest.Run r = CheckCommandTest.run("check", "--config", file.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, List<String>> checked = checked(json(tmp.resolve("r/report.json")));
        assertEquals(Map.of("intel-mixed", List.of("linux-64"), "seed", List.of("windows")), checked);
        String name = file.toString().replace('\\', '/');
        assertTrue(r.err().contains("warning: " + name + ":1: cluster 'amd-epyc-milan-genoa' matches no pattern under guests:"
                + " not checked"), r.err());
        assertTrue(r.err().contains("cluster 'intel-scalable' matches no pattern"), "? is one character: " + r.err());
    }

    @Test
    void anUnknownGuestIsAnErrorOnItsLineWithTheNearestId() throws IOException {
        Path file = config("guests:\n  seed: [windows]\n  \"*\": [linx-64, linux]\nformats: [json]\nout: r\n");
        CheckCommandTest.Run r = CheckCommandTest.run("check", "--config", file.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().startsWith(file.toString().replace('\\', '/') + ":3: unknown guest 'linx-64' (did you mean 'linux-64'?)"),
                r.err());
        assertEquals(List.of("linux"), checked(json(tmp.resolve("r/report.json"))).get("intel-mixed"), "the rest is checked");
    }

    @Test
    void problemsAreFileLineMessagesWithExitThreeAndNothingIsChecked() throws IOException {
        Path file = config("""
                inputs: profiles
                fromats: [json]
                formats: [text, jsn]
                out: r
                fail-on: warnings
                guests:
                  seed: windows
                site: [no-such-folder]
                """);
        CheckCommandTest.Run r = CheckCommandTest.run("check", "--config", file.toString());
        assertEquals(3, r.code(), r.err());
        assertEquals("", r.out());
        String f = file.toString().replace('\\', '/');
        List<String> expected = List.of(
                f + ":2: unknown key 'fromats' (did you mean 'formats'?) (allowed: inputs, guests, formats, out, fail-on, site)",
                f + ":1: inputs must be a list of paths (inputs: [a, b])",
                f + ":7: guests: 'seed' must have a list of guest ids ('seed': [linux-64]); 'cpuidmask guests' lists them",
                f + ":3: unknown format 'jsn' (did you mean 'json'?) (known: text, json, md, html, junit, sarif, vmx, libvirt, qemu, xen, proxmox, nova, kubevirt)",
                f + ":5: fail-on must be error or warning, not 'warnings' (did you mean 'warning'?)",
                f + ":8: site: " + tmp.resolve("no-such-folder").toString().replace('\\', '/') + " is not a folder");
        assertEquals(expected, List.of(r.err().split("\n")));
        assertFalse(Files.exists(tmp.resolve("r")), "no report written");
    }

    @Test
    void theSafeYamlReaderRefusesTagsAnchorsAndDuplicateKeys() throws IOException {
        String[][] cases = {
            {"out: !!java.io.File /etc\n", ":1: tag '"},
            {"formats: &f [json]\n", ":1: anchor '&f' refused"},
            {"formats: [json]\nformats: [md]\n", ":2: duplicate key 'formats'"},
            {"- json\n", ":1: must be a YAML mapping"},
        };
        for (String[] c : cases) {
            Path file = config(c[0]);
            CheckCommandTest.Run r = CheckCommandTest.run("check", "--config", file.toString());
            assertEquals(3, r.code(), c[0] + r.err());
            assertTrue(r.err().startsWith(file.toString().replace('\\', '/') + c[1]), c[0] + " -> " + r.err());
        }
        CheckCommandTest.Run missing = CheckCommandTest.run("check", "--config", tmp.resolve("none.yaml").toString());
        assertEquals(3, missing.code());
        assertTrue(missing.err().endsWith("none.yaml: no such file\n"), missing.err());
    }

    @Test
    void theCommandLineWinsKeyByKey() throws IOException {
        Path file = config("""
                inputs: [profiles/intel-mixed]
                guests: {"*": [rhel10-64]}
                formats: [json]
                out: from-config
                fail-on: warning
                """);
        Path out = tmp.resolve("from-cli");
        CheckCommandTest.Run r = CheckCommandTest.run("check", "--config", file.toString(), "profiles/seed", "--guest", "windows",
                "--format", "md", "--out", out.toString(), "--fail-on", "error");
        assertEquals(0, r.code(), "RISKY passes with --fail-on error: " + r.err());
        assertTrue(Files.readString(out.resolve("report.md")).contains("seed"));
        assertFalse(Files.exists(tmp.resolve("from-config")));
        assertFalse(Files.exists(out.resolve("report.json")));
        // and the keys not given on the command line still apply
        CheckCommandTest.Run partly = CheckCommandTest.run("check", "--config", file.toString(), "--out", out.toString());
        assertEquals(1, partly.code(), "rhel10-64 FAILs on these hosts: " + partly.err());
        assertEquals(Map.of("intel-mixed", List.of("rhel10-64")), checked(json(out.resolve("report.json"))));
    }

    @Test
    void outDashInTheConfigWantsOneFormatToo() throws IOException {
        Path file = config("out: \"-\"\n");
        CheckCommandTest.Run r = CheckCommandTest.run("check", "--config", file.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().startsWith(file.toString().replace('\\', '/') + ":1: out: - writes one report format to stdout"), r.err());
        Path json = config("inputs: [profiles/seed]\nout: \"-\"\nformats: [json]\nguests: {\"*\": [windows]}\n");
        CheckCommandTest.Run ok = CheckCommandTest.run("check", "--config", json.toString());
        assertEquals("RISKY", new ObjectMapper().readTree(ok.out()).get("clusters").get(0).get("status").asText());
    }

    @Test
    void anEmptyConfigChangesNothing() throws IOException {
        Path file = config("# nothing yet\n");
        CheckCommandTest.Run r = CheckCommandTest.run("check", "--config", file.toString(), "profiles/seed", "--guest", "windows",
                "--format", "text");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("seed: 2 hosts"), r.out());
    }
}
