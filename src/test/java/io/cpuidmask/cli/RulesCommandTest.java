package io.cpuidmask.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpuidmask.model.Version;
import io.cpuidmask.support.TestEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RulesCommandTest {

    @TempDir
    Path tmp;

    @Test
    void listGivesIdSeverityDescriptionFileAndLineAsJson() throws Exception {
        CheckCommandTest.Run r = CheckCommandTest.run("rules", "list", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode folders = doc.get("folders");
        assertEquals(1, folders.size(), r.out());
        assertEquals("shipped:cpuidmask-" + Version.get(), folders.get(0).get("folder").asText());
        assertEquals("shipped", folders.get(0).get("kind").asText());
        assertTrue(folders.get(0).get("sha256").asText().matches("[0-9a-f]{64}"), r.out());
        JsonNode rules = doc.get("rules");
        Set<String> ids = new HashSet<>();
        for (JsonNode rule : rules) {
            for (String key : new String[] {"id", "severity", "description", "file", "line"}) {
                assertTrue(rule.has(key), key + " missing in " + rule);
            }
            ids.add(rule.get("id").asText());
        }
        assertTrue(ids.containsAll(Set.of("hide-differing-bit", "linux-hidden-simd", "long-mode-missing", "mixed-vendors",
                "cpu-family-mismatch", "broken-dependency", "guest-minimum-missing", "nx-hidden", "verdict-fail")));
        JsonNode lm = null;
        for (JsonNode rule : rules) {
            if (rule.get("id").asText().equals("long-mode-missing")) {
                lm = rule;
            }
        }
        assertEquals("ERROR", lm.get("severity").asText());
        assertEquals("shipped:cpuidmask-" + Version.get() + "/risk.drl", lm.get("file").asText());
        assertTrue(lm.get("line").asInt() > 1);
    }

    @Test
    void verifyPassesOnTheShippedRules() {
        CheckCommandTest.Run r = CheckCommandTest.run("rules", "verify");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*\\n\\d+ passed, 0 failed\\s*"), r.out());
    }

    private Path rulesWithTests(String tests) throws Exception {
        Path rules = Files.createTempDirectory(tmp, "rules");
        Files.createDirectories(rules.resolve("tests"));
        TestEngine.copyShippedDrl(rules);
        copyTree(Path.of("rules/masks"), rules.resolve("masks"));
        Files.writeString(rules.resolve("tests/case.yaml"), tests);
        return rules;
    }

    private static final String SEED_CASE = "cases:\n  - name: seed\n    guest: windows\n    hosts:\n"
            + "      - host: a\n        vendor: GenuineIntel\n        cpuid:\n          - leaf: 0x1\n            ecx: 0x0000641d\n"
            + "      - host: b\n        vendor: GenuineIntel\n        cpuid:\n          - leaf: 0x1\n            ecx: 0x00004400\n"
            + "    expect:\n      status: STATUS\n      hidden:\n        00000001.ecx: [0, 2, 4]\n";

    @Test
    void verifyFailsOnABrokenExpectation() throws Exception {
        Path rules = rulesWithTests(SEED_CASE.replace("STATUS", "PASS"));
        CheckCommandTest.Run r = CheckCommandTest.run("rules", "verify", "--rules", rules.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("status: expected PASS, got RISKY"), r.out());
        assertTrue(r.out().trim().endsWith("0 passed, 1 failed"), r.out());
        Path good = rulesWithTests(SEED_CASE.replace("STATUS", "RISKY"));
        assertEquals(0, CheckCommandTest.run("rules", "verify", "--rules", good.toString()).code());
    }

    /**
     * A site rule that forgets to join on cluster passes on its own case, but the case's result
     * changes beside the decoy cluster (clusters share sessions in a check): verify fails it.
     */
    @Test
    void verifyFailsARuleThatLeaksAcrossClusters() throws Exception {
        Path site = Files.createTempDirectory(tmp, "site");
        Files.createDirectories(site.resolve("tests"));
        String rule = "package site.leak\nimport io.cpuidmask.facts.*;\n"
                + "rule \"any difference\" @id(\"site-any-difference\") @severity(\"WARNING\")"
                + " @description(\"Warns when hosts differ in leaf 1 ECX\")\nwhen\n"
                + "    $cg : ClusterGuest()\n"
                + "    exists DifferingBit( JOIN key.label == \"00000001.ecx\" )\n"
                + "then\n    insertLogical( Findings.of(kcontext, $cg).message(\"hosts differ in leaf 1 ECX\").build() );\nend\n";
        String same = "cases:\n  - name: identical hosts give no warning\n    guest: windows\n    hosts:\n"
                + "      - host: a\n        vendor: GenuineIntel\n        cpuid:\n          - leaf: 0x1\n            ecx: 0x0000641d\n"
                + "      - host: b\n        vendor: GenuineIntel\n        cpuid:\n          - leaf: 0x1\n            ecx: 0x0000641d\n"
                + "    expect:\n      absent: [site-any-difference]\n";
        Files.writeString(site.resolve("tests/leak.yaml"), same);
        Files.writeString(site.resolve("leak.drl"), rule.replace("JOIN ", ""));
        // (the site rule also warns in the shipped cases whose hosts differ: those fail either way)
        CheckCommandTest.Run leaky = CheckCommandTest.run("rules", "verify", "--site", site.toString());
        assertEquals(1, leaky.code(), leaky.out() + leaky.err());
        assertTrue(leaky.out().matches("(?s).*FAIL \\S*leak\\.yaml:2 identical hosts give no warning\\n"
                + "     the result changes when cluster 'decoy' shares the rule session.*"), leaky.out());
        Files.writeString(site.resolve("leak.drl"), rule.replace("JOIN ", "maskSet == $cg.maskSet, "));
        CheckCommandTest.Run joined = CheckCommandTest.run("rules", "verify", "--site", site.toString());
        assertTrue(joined.out().matches("(?s).*PASS \\S*leak\\.yaml:2 identical hosts give no warning\\n.*"), joined.out());
        assertFalse(joined.out().contains("decoy"), joined.out());
    }

    @Test
    void verifyExitsThreeWhenRulesDoNotCompile() throws Exception {
        Path rules = rulesWithTests(SEED_CASE.replace("STATUS", "RISKY"));
        Files.writeString(rules.resolve("broken.drl"), "package x\nrule \"r\" @id(\"r\")\nwhen\n  Foo(\nthen\nend\n");
        assertEquals(3, CheckCommandTest.run("rules", "verify", "--rules", rules.toString()).code());
    }

    @Test
    void verifyReportsBadTestFilesWithLines() throws Exception {
        Path rules = rulesWithTests("cases:\n  - name: x\n    guest: windows\n    hosts: []\n    expect:\n      status: PASS\n");
        CheckCommandTest.Run r = CheckCommandTest.run("rules", "verify", "--rules", rules.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("case.yaml:2: case 'x' needs a non-empty hosts list"), r.err());
    }

    /** A test that cannot be right (a verdict that does not exist, unknown guest, rule or register) is unusable: exit 3, not 1. */
    @Test
    void verifyExitsThreeForTestsThatCannotBeRight() throws Exception {
        String seed = SEED_CASE.replace("STATUS", "RISKY");
        for (String[] bad : new String[][] {
                {SEED_CASE.replace("STATUS", "MAYBE"), "status 'MAYBE' is not a verdict"},
                {seed.replace("guest: windows", "guest: windoze"), "unknown guest 'windoze'"},
                {seed + "      absent: [no-such-rule]\n", "absent names unknown rule 'no-such-rule'"},
                {seed + "      findings:\n        - rule: no-such-rule\n", "expects a finding of unknown rule 'no-such-rule'"},
                {seed.replace("00000001.ecx: [0, 2, 4]", "0000000e.eax: [1]"), "hidden names register 0000000e.eax"}}) {
            Path rules = rulesWithTests(bad[0]);
            CheckCommandTest.Run r = CheckCommandTest.run("rules", "verify", "--rules", rules.toString());
            assertEquals(3, r.code(), bad[1] + "\n" + r.out() + r.err());
            assertTrue(r.err().contains(bad[1]), r.err());
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted().toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
