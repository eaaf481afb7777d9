package io.cpuidmask.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cpuidmask guests}: which ids --guest takes, and what each guest is. */
class GuestsCommandTest {

    @TempDir
    Path tmp;

    @Test
    void listsEveryShippedCatalogueWithItsDescription() {
        CheckCommandTest.Run r = CheckCommandTest.run("guests");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        String[] lines = r.out().split("\n");
        assertEquals(13, lines.length, r.out());
        assertEquals("linux-64      linux    64-bit  Linux, 64-bit; minimum x86-64-v1", lines[1]);
        assertTrue(r.out().contains("\nrhel9-64      linux    64-bit  Red Hat Enterprise Linux 9, 64-bit; minimum x86-64-v2\n"), r.out());
        assertEquals("12 guest catalogues", lines[12]);
    }

    @Test
    void jsonHasIdDescriptionOsBitsMinimumAndFile() throws Exception {
        CheckCommandTest.Run r = CheckCommandTest.run("guests", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode guests = new ObjectMapper().readTree(r.out());
        assertEquals(12, guests.size());
        JsonNode w11 = null;
        List<String> ids = new ArrayList<>();
        for (JsonNode g : guests) {
            ids.add(g.get("id").asText());
            if (g.get("id").asText().equals("windows11-64")) {
                w11 = g;
            }
        }
        assertEquals(List.of("linux", "linux-64", "other", "other-64", "rhel10-64", "rhel9-64", "solaris", "solaris-64",
                "windows", "windows-64", "windows11-64", "windows8"), ids);
        assertEquals(List.of("id", "description", "os", "bits", "minimum", "file"), ExplainCommandTest.fieldNames(w11));
        assertEquals("windows", w11.get("os").asText());
        assertEquals(64, w11.get("bits").asInt());
        assertTrue(w11.get("minimum").toString().contains("\"POPCNT\""), w11.toString());
        assertTrue(w11.get("file").asText().matches("shipped:cpuidmask-.*/masks/windows11-64\\.yaml"), w11.toString());
    }

    @Test
    void anUnusableCatalogueIsOnStderrWithExitThreeAndTheRestIsListed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("masks"));
        Files.copy(Path.of("rules/masks/linux.yaml"), dir.resolve("linux.yaml"));
        Files.writeString(dir.resolve("broken.yaml"), "guest: broken\nos: beos\n");
        CheckCommandTest.Run r = CheckCommandTest.run("guests", "--catalog", dir.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("broken.yaml"), r.err());
        assertTrue(r.out().startsWith("linux  linux    32-bit  Linux, 32-bit\n"), r.out());
        assertEquals(2, CheckCommandTest.run("guests", "--format", "yaml").code());
        CheckCommandTest.Run missing = CheckCommandTest.run("guests", "--rules", tmp.resolve("nope").toString());
        assertEquals(3, missing.code());
        assertEquals(tmp.resolve("nope").toString().replace('\\', '/') + ": rules folder not found\n", missing.err());
    }

    @Test
    void rulesAndSiteFoldersBringTheirGuestsAsCheckTakesThem() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site/masks"));
        Files.writeString(site.resolve("appliance.yaml"), Files.readString(Path.of("rules/masks/linux-64.yaml"))
                .replace("guest: linux-64", "guest: appliance-64").replace("description: \"Linux, 64-bit", "description: \"Our appliance"));
        CheckCommandTest.Run r = CheckCommandTest.run("guests", "--site", tmp.resolve("site").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("appliance-64  linux    64-bit  Our appliance; minimum x86-64-v1\n"), r.out());
        assertTrue(r.out().endsWith("13 guest catalogues\n"), r.out());
    }
}
