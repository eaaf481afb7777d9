package io.cpuidmask.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.run.CheckRequest;
import io.cpuidmask.run.CheckRun;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON report against the contract's schema (../shared/report.schema.json). */
class JsonReportSchemaTest {

    private static final Path SHARED_SCHEMA = Path.of("../shared/report.schema.json");

    @TempDir
    Path tmp;

    private static JsonSchema schema() throws Exception {
        try (InputStream in = JsonReportSchemaTest.class.getResourceAsStream("/report.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static JsonNode render(Report report) throws Exception {
        StringWriter w = new StringWriter();
        new JsonReportRenderer().render(report, w);
        return new ObjectMapper().readTree(w.toString());
    }

    private static Report check(List<Path> inputs) throws Exception {
        return new CheckRun(FeatureCatalogs.shipped(), Clock.systemUTC())
                .run(new CheckRequest(inputs, List.of(), List.of(Path.of("rules")), Path.of("rules/masks")));
    }

    @Test
    void copyOfTheSchemaMatchesTheSharedContract() throws Exception {
        Assumptions.assumeTrue(Files.exists(SHARED_SCHEMA), "../shared is not beside the project");
        try (InputStream in = JsonReportSchemaTest.class.getResourceAsStream("/report.schema.json")) {
            assertEquals(Files.readString(SHARED_SCHEMA), new String(in.readAllBytes()));
        }
    }

    @Test
    void shippedProfilesReportIsValid() throws Exception {
        JsonNode json = render(check(List.of(Path.of("profiles"))));
        Set<ValidationMessage> errors = schema().validate(json);
        assertEquals(Set.of(), errors);
        assertTrue(json.get("clusters").size() >= 4 * 12, "every cluster against every shipped guest");
        for (JsonNode c : json.get("clusters")) {
            assertEquals(c.get("masks").size(), c.get("masks").size());
            for (JsonNode m : c.get("masks")) {
                assertEquals(m.get("hiddenBits").size(), m.get("hiddenFeatures").size());
            }
        }
    }

    /** The lists a grouped finding carries beyond the schema's fields, and those fields naming the first item. */
    @Test
    void findingsListTheirItemsAndFeatures() throws Exception {
        JsonNode json = render(check(List.of(Path.of("profiles"))));
        int grouped = 0;
        for (JsonNode c : json.get("clusters")) {
            for (JsonNode f : c.get("findings")) {
                JsonNode items = f.get("items");
                if (items == null) {
                    assertEquals(null, f.get("leaf"), f.toString());
                    continue;
                }
                JsonNode first = items.get(0);
                for (String field : List.of("leaf", "subleaf", "register", "bit", "feature")) {
                    assertEquals(first.get(field), f.get(field), field + " of " + f);
                }
                Set<String> features = new java.util.LinkedHashSet<>();
                items.forEach(i -> {
                    if (i.has("feature")) {
                        features.add(i.get("feature").asText());
                    }
                });
                List<String> listed = f.has("features") ? List.of(new ObjectMapper().treeToValue(f.get("features"), String[].class))
                        : List.of();
                assertEquals(List.copyOf(features), listed, f.toString());
                grouped += items.size() > 1 ? 1 : 0;
            }
        }
        assertTrue(grouped > 50, "findings that list several bits: " + grouped);
    }

    @Test
    void reportWithInputErrorsIsValid() throws Exception {
        Files.writeString(tmp.resolve("bad.yaml"), "host: x\ncpuid:\n  - leaf: 0x1\n    ecx: 0xZZ\n");
        Files.writeString(tmp.resolve("empty.yaml"), "");
        Report report = check(List.of(Path.of("profiles/seed"), tmp));
        JsonNode json = render(report);
        assertEquals(Set.of(), schema().validate(json));
        assertEquals(2, json.get("inputErrors").size());
    }

    @Test
    void everyRegisterOfTheCatalogueIsListedEvenWhenNothingIsHidden() throws Exception {
        JsonNode json = render(check(List.of(Path.of("profiles/seed"))));
        JsonNode windows = null;
        for (JsonNode c : json.get("clusters")) {
            if (c.get("guest").asText().equals("windows")) {
                windows = c;
            }
        }
        assertEquals(11, windows.get("masks").size());
        JsonNode ecx = windows.get("masks").get(1);
        assertEquals("00000001", ecx.get("leaf").asText());
        assertEquals("ecx", ecx.get("register").asText());
        assertEquals("---- ---- ---- ---- ---- ---- ---0 -0-0", ecx.get("custom").asText());
        assertEquals("[0,2,4]", ecx.get("hiddenBits").toString());
    }
}
