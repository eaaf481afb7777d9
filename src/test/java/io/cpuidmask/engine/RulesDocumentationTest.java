package io.cpuidmask.engine;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.model.Severity;
import io.cpuidmask.model.Status;
import io.cpuidmask.report.Report;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example rules of docs/RULES.md compile and do what the document says: one finding listing every hidden crypto feature. */
class RulesDocumentationTest {

    @TempDir
    Path tmp;

    @Test
    void exampleSiteRuleCompilesAndFires() throws Exception {
        String doc = Files.readString(Path.of("docs/RULES.md"));
        Matcher m = Pattern.compile("```drl\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/RULES.md has a ```drl example");
        Files.writeString(tmp.resolve("crypto.drl"), m.group(1));
        Report r = new CheckRun(FeatureCatalogs.shipped(), Clock.systemUTC()).run(new CheckRequest(
                List.of(Path.of("profiles/intel-mixed")), List.of("linux-64"), List.of(), null, List.of(tmp)));
        assertEquals(List.of(), r.inputErrors());
        List<Finding> found = r.clusters().get(0).findings().stream().filter(x -> x.getRuleId().equals("site-crypto-required"))
                .toList();
        assertEquals(1, found.size(), "example rule fires once per cluster and guest: " + found);
        Finding f = found.get(0);
        assertEquals(Severity.ERROR, f.getSeverity());
        assertEquals(List.of("PCLMULQDQ", "AES"), f.getFeatures());
        assertTrue(f.getMessage().contains("hides PCLMULQDQ, AES (00000001.ecx bits 1, 25)"), f.getMessage());
        assertEquals(Status.FAIL, r.clusters().get(0).status());
    }
}
