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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar finds cpuidmask.yaml in the folder it runs in, as a project uses it. */
class ProjectConfigIT {

    private static final Path JAR = Path.of("target", "cpuidmask.jar").toAbsolutePath();

    @TempDir
    Path project;

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    private int check(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "check"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile())
                .redirectOutput(project.resolve("out.txt").toFile()).redirectError(project.resolve("err.txt").toFile());
        pb.environment().put("CPUIDMASK_CACHE", Path.of("target", "rule-cache").toAbsolutePath().toString());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        return pb.start().waitFor();
    }

    private List<String> checked() throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode c : new ObjectMapper().readTree(project.resolve("reports/report.json").toFile()).get("clusters")) {
            out.add(c.get("cluster").asText() + "/" + c.get("guest").asText());
        }
        return out;
    }

    @Test
    void cpuidmaskYamlInTheCurrentFolderIsUsedAndOptionsWin() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run after mvn package");
        copy(Path.of("rules"), project.resolve("rules"));
        copy(Path.of("profiles/seed"), project.resolve("hosts/seed"));
        copy(Path.of("profiles/intel-mixed"), project.resolve("hosts/intel-mixed"));
        Files.writeString(project.resolve("cpuidmask.yaml"),
                "inputs: [hosts]\nguests:\n  seed: [windows]\n  \"*\": [linux-64, windows-64]\nformats: [json]\n");
        assertEquals(0, check(), Files.readString(project.resolve("err.txt")));
        assertEquals(List.of("intel-mixed/linux-64", "intel-mixed/windows-64", "seed/windows"), checked());
        assertEquals("", Files.readString(project.resolve("out.txt")));

        assertEquals(1, check("--guest", "linux-64"), Files.readString(project.resolve("err.txt")));
        assertEquals(List.of("intel-mixed/linux-64", "seed/linux-64"), checked(), "--guest wins for every cluster");
    }
}
