package io.cpuidmask.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.cpuidmask.cli.Main;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** baseline's and plan's JSON against their schema (src/test/resources/baseline.schema.json). */
class PlanJsonSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The whole schema, or one of its $defs as the root (the same definitions beside it). */
    private static JsonSchema schema(String def) throws Exception {
        JsonNode root;
        try (InputStream in = PlanJsonSchemaTest.class.getResourceAsStream("/baseline.schema.json")) {
            root = JSON.readTree(in);
        }
        if (def != null) {
            ObjectNode only = JSON.createObjectNode();
            only.put("$schema", root.get("$schema").asText());
            only.set("$defs", root.get("$defs"));
            only.put("$ref", "#/$defs/" + def);
            root = only;
        }
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
    }

    private static JsonNode json(String... args) throws Exception {
        StringWriter out = new StringWriter();
        Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), args);
        return JSON.readTree(out.toString());
    }

    @Test
    void baselineOfTheShippedProfilesIsValid() throws Exception {
        assertEquals(Set.of(), schema(null).validate(json("baseline", "profiles", "--format", "json")));
    }

    @Test
    void plansAreValid(@TempDir Path tmp) throws Exception {
        JsonSchema plan = schema("plan");
        Path candidate = tmp.resolve("candidate.yaml");
        Files.writeString(candidate, Files.readString(Path.of("profiles/intel-scalable/skx-6130.yaml"))
                .replace("skx-6130.dc3", "candidate"));
        List<JsonNode> plans = new ArrayList<>();
        plans.add(json("plan", "profiles", "--remove", "nhm-e5520.dc1", "--remove", "esx-a.lab", "--remove", "esx-b.lab",
                "--add", candidate.toString(), "--cluster", "intel-mixed", "--guest", "windows",
                "--split", "2", "--format", "json"));
        assertEquals("candidate", plans.get(0).get("clusters").get(0).get("added").get(0).get("host").asText());
        assertTrue(plans.get(0).get("clusters").get(1).get("after").isNull(), "seed: no host left");
        plans.add(json("plan", "profiles", "--split", "1", "--format", "json"));
        for (JsonNode p : plans) {
            assertEquals(Set.of(), plan.validate(p), p.toString().substring(0, 200));
        }
        // the schema is not empty: a plan without its clusters is not one
        ObjectNode broken = plans.get(0).deepCopy();
        broken.remove("clusters");
        assertFalse(plan.validate(broken).isEmpty());
        ObjectNode badLevel = plans.get(0).deepCopy();
        ((ObjectNode) badLevel.get("clusters").get(0).get("before")).put("level", "v3");
        assertFalse(plan.validate(badLevel).isEmpty());
    }
}
