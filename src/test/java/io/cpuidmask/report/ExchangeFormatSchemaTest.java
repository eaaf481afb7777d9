package io.cpuidmask.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.facts.Finding;
import io.cpuidmask.facts.Waiver;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JUnit XML and SARIF against their published schemas, on a run with findings and input errors. */
class ExchangeFormatSchemaTest {

    @TempDir
    static Path tmp;

    private static Report report;

    @BeforeAll
    static void run() throws Exception {
        Files.writeString(tmp.resolve("bad host.yaml"), "host: x\ncpuid:\n  - leaf: 0x1\n    ecx: 12\n");
        report = new CheckRun(FeatureCatalogs.shipped(), Clock.systemUTC()).run(new CheckRequest(
                List.of(Path.of("profiles/seed"), Path.of("profiles/intel-mixed"), tmp), List.of("windows", "windows-64", "linux"),
                List.of(Path.of("rules")), Path.of("rules/masks")));
        assertEquals(1, report.inputErrors().size());
    }

    private static String render(ReportRenderer r) throws Exception {
        return render(r, report);
    }

    private static String render(ReportRenderer r, Report of) throws Exception {
        StringWriter w = new StringWriter();
        r.render(of, w);
        return w.toString();
    }

    private static JsonSchema sarifSchema() throws Exception {
        try (InputStream in = ExchangeFormatSchemaTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }

    @Test
    void junitXmlIsValidAgainstJenkinsSchema() throws Exception {
        String xml = render(new JUnitReportRenderer(false));
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        f.newSchema(getClass().getResource("/schemas/jenkins-junit.xsd")).newValidator()
                .validate(new StreamSource(new StringReader(xml)));
        assertTrue(xml.contains("<testsuite name=\"seed/windows-64\""), "one suite per cluster and guest");
        assertTrue(xml.contains("name=\"rules.sha256\""), "rules hash as a property");
        assertTrue(xml.contains("<failure type=\"ERROR\""), "the LM error is a failure");
        assertTrue(xml.contains("<testsuite name=\"inputs\""), "input errors as a suite");
    }

    @Test
    void warningsFailOnlyWhenAsked() throws Exception {
        String lenient = render(new JUnitReportRenderer(false));
        String strict = render(new JUnitReportRenderer(true));
        assertTrue(!lenient.contains("<failure type=\"WARNING\""));
        assertTrue(strict.contains("<failure type=\"WARNING\""));
    }

    @Test
    void sarifIsValidAgainstTheSarif210Schema() throws Exception {
        JsonNode sarif = new ObjectMapper().readTree(render(new SarifReportRenderer()));
        assertEquals(Set.of(), sarifSchema().validate(sarif));
        assertEquals("2.1.0", sarif.get("version").asText());
        JsonNode run = sarif.get("runs").get(0);
        JsonNode rules = run.get("tool").get("driver").get("rules");
        assertTrue(rules.size() >= 10);
        for (JsonNode result : run.get("results")) {
            int index = result.get("ruleIndex").asInt();
            assertEquals(rules.get(index).get("id").asText(), result.get("ruleId").asText());
            assertTrue(result.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText().length() > 0);
        }
        assertTrue(run.get("results").toString().contains("bad%20host.yaml"), "uri is percent-encoded");
        assertTrue(run.get("results").toString().contains("\"startLine\":"), "a line where known");
    }

    /**
     * Waived findings as SARIF 2.1.0 marks an accepted result (section 3.35): one suppression of kind
     * {@code external} (the waiver is in waivers.yaml, not in the profile the result points at), status
     * {@code accepted}, and the waiver's reason, place and expiry as its justification; a finding that
     * counts has none. Microsoft's validator reads the same scenario in SarifValidatorTest.
     */
    @Test
    void waivedFindingsAreAcceptedExternalSuppressions() throws Exception {
        Report waived = ReportFixtures.waived();
        JsonNode sarif = new ObjectMapper().readTree(render(new SarifReportRenderer(), waived));
        assertEquals(Set.of(), sarifSchema().validate(sarif));
        List<Finding> findings = waived.clusters().stream().flatMap(c -> c.findings().stream()).toList();
        JsonNode results = sarif.get("runs").get(0).get("results");
        assertEquals(findings.size(), results.size(), "one result per finding, in order");
        assertTrue(findings.stream().anyMatch(f -> !f.isWaived()), "the scenario has findings that count too");
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            JsonNode r = results.get(i);
            assertEquals(f.getRuleId(), r.get("ruleId").asText());
            if (!f.isWaived()) {
                assertTrue(r.path("suppressions").isMissingNode(), () -> "a finding that counts is suppressed: " + r);
                continue;
            }
            assertEquals(1, r.get("suppressions").size(), r::toString);
            JsonNode s = r.get("suppressions").get(0);
            assertEquals("external", s.get("kind").asText());
            assertEquals("accepted", s.get("status").asText());
            Waiver w = f.getWaiver();
            assertEquals(w.getReason() + " (waiver " + w.getLocation() + ", expires " + w.getExpires() + ")",
                    s.get("justification").asText());
        }
    }

    @Test
    void sarifUrisAreRelativeReferencesOrFileUris() {
        // What the SARIF validator accepts is proven in SarifValidatorTest; these are the forms.
        assertEquals("profiles/seed/esx-a.yaml", SarifReportRenderer.uri("profiles/seed/esx-a.yaml"));
        assertEquals("../odd%20dir/Z%C3%BCrich/a%20%231.yaml", SarifReportRenderer.uri("../odd dir/Zürich/a #1.yaml"));
        assertEquals("lab%3A2/esx.yaml", SarifReportRenderer.uri("lab:2/esx.yaml"));
        assertEquals("file:///srv/cpu%20profiles/esx-a.yaml", SarifReportRenderer.uri("/srv/cpu profiles/esx-a.yaml"));
        assertEquals("file:///C:/Users/Ops%20Team/esx.yaml", SarifReportRenderer.uri("C:\\Users\\Ops Team\\esx.yaml"));
        assertEquals("file://filer/share/esx.yaml", SarifReportRenderer.uri("\\\\filer\\share\\esx.yaml"));
    }
}
