package io.cpuidmask.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * nova.conf read as nova-compute reads it: oslo.config with Nova's own option definitions and
 * Nova's own flag parsing (src/test/resources/nova/nova_conf.py), from Debian 12's python3-oslo.config
 * and python3-nova 26.2.2 (installed, or the package unpacked under /opt/python3-nova by .ci/run).
 */
final class NovaConf {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src/test/resources/nova/nova_conf.py");
    private static final List<Path> NOVA = List.of(Path.of("/usr/lib/python3/dist-packages/nova"),
            Path.of("/opt/python3-nova/usr/lib/python3/dist-packages/nova"));

    private NovaConf() {
    }

    /** Nova's package folder, when Nova's files and oslo.config are both here. */
    static Optional<Path> nova() throws IOException, InterruptedException {
        Optional<Path> nova = NOVA.stream().filter(p -> Files.isRegularFile(p.resolve("conf/libvirt.py"))).findFirst();
        if (nova.isEmpty() || !Files.isExecutable(PYTHON)) {
            return Optional.empty();
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import oslo_config").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? nova : Optional.empty();
    }

    /** One JSON object per file, in order: {@code cpu_mode}, {@code cpu_models}, {@code features} or {@code error}. */
    static List<JsonNode> read(Path nova, List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString(), nova.toString()));
        files.forEach(f -> command.add(f.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("nova_conf.py failed:\n" + output);
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> results = new ArrayList<>();
        for (String line : output.lines().toList()) {
            results.add(json.readTree(line));
        }
        if (results.size() != files.size()) {
            throw new IOException("nova_conf.py read " + results.size() + " of " + files.size() + " files:\n" + output);
        }
        return results;
    }
}
