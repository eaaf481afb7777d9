package io.cpuidmask.engine;

import io.cpuidmask.model.InputError;
import io.cpuidmask.support.TestEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleCompilerTest {

    @TempDir
    Path dir;

    private static final String HEADER = "package t\nimport io.cpuidmask.facts.*;\n";

    private RuleCompiler.Result compile(String... files) throws IOException {
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(dir.resolve(files[i]), files[i + 1]);
        }
        return new RuleCompiler().compile(List.of(dir));
    }

    @Test
    void shippedRulesCompileWithDroolsMvelOnTheClassPath() {
        // Drools 10 without drools-mvel throws a bare UnsupportedOperationException when it builds DRL.
        RuleSet rules = TestEngine.shippedRules();
        assertTrue(rules.rules().stream().anyMatch(r -> r.id().equals("hide-differing-bit")));
        assertTrue(rules.files().contains("rules/masking.drl"));
        assertEquals(64, rules.sha256().length());
        assertTrue(rules.kieBase().getKiePackages().stream().mapToLong(p -> p.getRules().size()).sum() >= rules.rules().size());
    }

    @Test
    void syntaxErrorIsReportedWithFileAndLine() throws IOException {
        RuleCompiler.Result r = compile("bad.drl", HEADER + "rule \"x\" @id(\"x\")\nwhen\n  ClusterGuest( \nthen\nend\n");
        assertFalse(r.ok());
        InputError e = r.errors().get(0);
        assertTrue(e.file().endsWith("bad.drl"), e.render());
        assertTrue(e.line() >= 3, e.render());
    }

    @Test
    void typeErrorFromTheBuilderNamesTheFile() throws IOException {
        RuleCompiler.Result r = compile("types.drl", HEADER + "rule \"x\" @id(\"x\")\nwhen\n  ClusterGuest( nosuchfield == 1 )\nthen\nend\n");
        assertFalse(r.ok());
        assertTrue(r.errors().stream().anyMatch(e -> e.file().endsWith("types.drl")), r.errors().toString());
    }

    @Test
    void emptyFolderIsAnErrorNotAnEmptyPass() throws IOException {
        RuleCompiler.Result r = new RuleCompiler().compile(List.of(dir));
        assertFalse(r.ok());
        assertTrue(r.errors().get(0).message().contains("no rules"), r.errors().toString());
    }

    @Test
    void missingFolderIsAnError() {
        RuleCompiler.Result r = new RuleCompiler().compile(List.of(dir.resolve("nope")));
        assertFalse(r.ok());
        assertTrue(r.errors().get(0).message().contains("not found"));
    }

    @Test
    void duplicateRuleNamesAreErrors() throws IOException {
        String rule = "rule \"same\" @id(\"ID\")\nwhen\n  ClusterGuest()\nthen\nend\n";
        RuleCompiler.Result r = compile("a.drl", HEADER + rule.replace("ID", "a"), "b.drl", HEADER + rule.replace("ID", "b"));
        assertFalse(r.ok());
        assertTrue(r.errors().stream().anyMatch(e -> e.message().contains("duplicate rule name 'same'")), r.errors().toString());
    }

    @Test
    void duplicateIdsAndMissingIdsAreErrors() throws IOException {
        RuleCompiler.Result r = compile("a.drl", HEADER
                + "rule \"one\" @id(\"dup\")\nwhen\n  ClusterGuest()\nthen\nend\n"
                + "rule \"two\" @id(\"dup\")\nwhen\n  ClusterGuest()\nthen\nend\n"
                + "rule \"three\"\nwhen\n  ClusterGuest()\nthen\nend\n");
        assertFalse(r.ok());
        assertTrue(r.errors().stream().anyMatch(e -> e.message().contains("duplicate rule id 'dup'") && e.line() == 8), r.errors().toString());
        assertTrue(r.errors().stream().anyMatch(e -> e.message().contains("has no @id") && e.line() == 13), r.errors().toString());
    }

    @Test
    void hashChangesWhenARuleChanges() throws IOException {
        Path copy = dir.resolve("rules");
        Files.createDirectories(copy);
        TestEngine.copyShippedDrl(copy);
        String before = new RuleCompiler().compile(List.of(copy)).ruleSet().sha256();
        Files.writeString(copy.resolve("masking.drl"), Files.readString(copy.resolve("masking.drl")) + "\n// edited\n");
        String after = new RuleCompiler().compile(List.of(copy)).ruleSet().sha256();
        assertNotEquals(before, after);
    }
}
