package io.cpuidmask.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code qemu-system-x86_64}, started as the tests need it: {@code -machine pc,accel=tcg -S}
 * (software emulation, no guest code runs, nothing but this process) with one {@code -cpu} option and
 * QMP on standard input and output. {@link #start} either gives a running QEMU to ask over QMP, or
 * the reason QEMU refused to start (its own message).
 */
public final class Qemu implements AutoCloseable {

    /** The CPU object of a {@code pc} machine's only vCPU. */
    public static final String CPU_PATH = "/machine/unattached/device[0]";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;
    private final CompletableFuture<String> stderr;

    private Qemu(Process process, BufferedReader out, CompletableFuture<String> stderr) {
        this.process = process;
        this.out = out;
        this.in = process.getOutputStream();
        this.stderr = stderr;
    }

    /** The binary on PATH, if installed (Debian: qemu-system-x86). */
    public static Optional<Path> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "qemu-system-x86_64");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** QEMU's answer to one {@code -cpu} option: running, or refused with its message. */
    public sealed interface Start permits Running, Refused {
    }

    public record Running(Qemu qemu) implements Start {
    }

    public record Refused(String message) implements Start {
    }

    public static Start start(String cpuOption) throws IOException {
        Process p = new ProcessBuilder(binary().orElseThrow().toString(), "-machine", "pc,accel=tcg", "-S",
                "-nodefaults", "-display", "none", "-serial", "none", "-monitor", "none", "-qmp", "stdio",
                "-cpu", cpuOption).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String greeting = out.readLine();
        if (greeting == null) {
            waitFor(p);
            return new Refused(err.join().strip());
        }
        Qemu q = new Qemu(p, out, err);
        try {
            q.execute("qmp_capabilities", null);
            // QEMU may greet before it has built the CPU: ask once more, so that a refusal shows here.
            q.execute("query-status", null);
        } catch (IOException e) {
            waitFor(p);
            return new Refused(err.join().strip());
        }
        return new Running(q);
    }

    /** Runs one QMP command; a QMP error becomes an exception with QEMU's text. */
    public JsonNode execute(String command, ObjectNode arguments) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("execute", command);
        if (arguments != null) {
            request.set("arguments", arguments);
        }
        in.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        while (true) {
            String line = out.readLine();
            if (line == null) {
                throw new IOException("QEMU ended during " + command + ": " + stderr.getNow(""));
            }
            JsonNode reply = JSON.readTree(line);
            if (reply.has("return")) {
                return reply.get("return");
            }
            if (reply.has("error")) {
                throw new IOException(command + ": " + reply.get("error").path("desc").asText());
            }
        }
    }

    public static ObjectNode args() {
        return JSON.createObjectNode();
    }

    /**
     * The vCPU's CPUID feature words as QEMU built them from the {@code -cpu} option: {@code feature-words}
     * (what this accelerator gives) plus {@code filtered-features} (what was asked for but TCG cannot
     * emulate), so the result is the CPU the option describes, independent of the accelerator's limits.
     */
    public Map<RegisterKey, Integer> requestedWords() throws IOException {
        Map<RegisterKey, Integer> words = new TreeMap<>();
        for (String property : List.of("feature-words", "filtered-features")) {
            for (JsonNode w : execute("qom-get", args().put("path", CPU_PATH).put("property", property))) {
                RegisterKey key = RegisterKey.of(w.get("cpuid-input-eax").asLong(), w.path("cpuid-input-ecx").asInt(0),
                        Register.parse(w.get("cpuid-register").asText().toLowerCase(Locale.ROOT)));
                words.merge(key, (int) w.get("features").asLong(), (a, b) -> a | b);
            }
        }
        return words;
    }

    @Override
    public void close() throws IOException {
        try {
            execute("quit", null);
        } catch (IOException e) {
            // already gone
        }
        waitFor(process);
    }

    private static void waitFor(Process p) {
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
