package io.cpuidmask.engine;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.model.Status;
import io.cpuidmask.report.Report;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import io.cpuidmask.support.TestEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decision lives in the DRL files: removing or editing them changes the result. */
class RuleFilesDecideTest {

    @TempDir
    Path dir;

    private Report check(Path rules) throws Exception {
        return new CheckRun(FeatureCatalogs.shipped(), Clock.systemUTC()).run(new CheckRequest(
                List.of(Path.of("profiles/seed")), List.of("windows"), List.of(rules), Path.of("rules/masks")));
    }

    private Path copyRules() throws IOException {
        TestEngine.copyShippedDrl(dir);
        return dir;
    }

    @Test
    void withoutMaskingDrlNothingIsHidden() throws Exception {
        Report shipped = check(Path.of("rules"));
        assertEquals(List.of(0, 2, 4), shipped.clusters().get(0).masks().stream()
                .flatMap(m -> m.hiddenBits().stream()).toList());
        Path rules = copyRules();
        Files.delete(rules.resolve("masking.drl"));
        Report without = check(rules);
        assertEquals(List.of(), without.inputErrors());
        assertTrue(without.clusters().get(0).masks().stream().allMatch(m -> m.hiddenBits().isEmpty()));
        assertEquals(Status.PASS, without.clusters().get(0).status());
    }

    @Test
    void editingARiskRuleChangesTheVerdict() throws Exception {
        Path rules = copyRules();
        Path risk = rules.resolve("risk.drl");
        Files.writeString(risk, Files.readString(risk).replace("@severity(\"WARNING\")\n    @description(\"Hiding a feature that user-mode",
                "@severity(\"INFO\")\n    @description(\"Hiding a feature that user-mode"));
        assertEquals(Status.MASKED, check(rules).clusters().get(0).status());
    }

    @Test
    void ruleThatThrowsAtRunTimeIsNamedAndCostsOnlyItsCluster() throws Exception {
        Path rules = copyRules();
        Files.writeString(rules.resolve("boom.drl"), "package boom\nimport io.cpuidmask.facts.*;\n"
                + "rule \"Explodes\" @id(\"explodes\")\nwhen\n  ClusterGuest()\nthen\n  throw new IllegalStateException(\"kaboom\");\nend\n");
        Report r = check(rules);
        assertEquals(1, r.inputErrors().size());
        String msg = r.inputErrors().get(0).render();
        assertTrue(msg.contains("boom.drl:3") && msg.contains("Explodes") && msg.contains("kaboom"), msg);
        assertEquals(List.of(), r.clusters());
    }
}
