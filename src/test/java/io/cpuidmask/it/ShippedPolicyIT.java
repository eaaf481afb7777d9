package io.cpuidmask.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar run from a folder that is not the checkout: the policy inside the jar decides,
 * exactly as the checkout's rules/ folder does, and an exported copy verifies there.
 */
class ShippedPolicyIT {

    private static final Path JAR = Path.of("target", "cpuidmask.jar").toAbsolutePath();
    private static final Path SEED = Path.of("profiles", "seed").toAbsolutePath();
    private static final Path RULES = Path.of("rules").toAbsolutePath();

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    /** java -jar cpuidmask.jar ARGS, in the folder {@code dir/work}. */
    private Run run(String... args) throws IOException, InterruptedException {
        Path work = Files.createDirectories(dir.resolve("work"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS").forEach(pb.environment()::remove);
        pb.environment().put("CPUIDMASK_CACHE", dir.resolve("cache").toString());
        int code = pb.start().waitFor();
        return new Run(code, Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void checkFromAnotherFolderUsesThePolicyInTheJar() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run after mvn package");
        Run shipped = run("check", SEED.toString(), "--format", "json", "--out", "shipped");
        assertEquals(1, shipped.code(), shipped.err()); // the seed FAILs for 64-bit guests
        Run again = run("check", SEED.toString(), "--format", "json", "--out", "again"); // rules from the cache
        assertEquals(1, again.code(), again.err());
        Run checkout = run("check", SEED.toString(), "--format", "json", "--out", "checkout", "--rules", RULES.toString());
        assertEquals(1, checkout.code(), checkout.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode s = json.readTree(dir.resolve("work/shipped/report.json").toFile());
        JsonNode a = json.readTree(dir.resolve("work/again/report.json").toFile());
        JsonNode c = json.readTree(dir.resolve("work/checkout/report.json").toFile());
        String label = s.get("rules").get("folders").get(0).get("folder").asText();
        assertEquals("shipped:cpuidmask-" + s.get("tool").get("version").asText(), label);
        assertTrue(s.get("rules").get("files").get(0).asText().startsWith(label + "/"), s.get("rules")::toString);
        assertEquals(12, s.get("clusters").size());
        assertEquals(c.get("clusters"), s.get("clusters"), "the jar's policy decides as the checkout's rules/ does");
        assertEquals(s.get("clusters"), a.get("clusters"));
        assertEquals(s.get("rules"), a.get("rules"));
        assertEquals(c.get("rules").get("folders").get(0).get("sha256"), s.get("rules").get("folders").get(0).get("sha256"));
    }

    @Test
    void verifyAndExportWorkFromAnotherFolder() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run after mvn package");
        Run verify = run("rules", "verify");
        assertEquals(0, verify.code(), verify.out() + verify.err());
        String summary = verify.out().trim().substring(verify.out().trim().lastIndexOf('\n') + 1);
        assertTrue(summary.endsWith(" passed, 0 failed"), verify.out());
        assertFalse(summary.startsWith("0 "), verify.out());

        Run export = run("rules", "export", "exported");
        assertEquals(0, export.code(), export.err());
        Run exported = run("rules", "verify", "--rules", "exported");
        assertEquals(0, exported.code(), exported.out() + exported.err());
        assertTrue(exported.out().trim().endsWith(summary), exported.out());
        assertTrue(Files.isRegularFile(dir.resolve("work/exported/masks/windows.yaml")));

        Run nothing = run("check");
        assertEquals(3, nothing.code());
        assertEquals("profiles: no such file or folder\n", nothing.err());
        assertFalse(Files.exists(dir.resolve("work/reports")), "a run that checked nothing writes nothing");
    }
}
