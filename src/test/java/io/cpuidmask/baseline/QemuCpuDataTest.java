package io.cpuidmask.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpuidmask.catalog.CpuMap;
import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.support.Qemu;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code qemu-cpu.yaml} is what the installed QEMU says: its feature names (each found by starting a
 * {@code base} CPU, which has no features, with that one feature on, and reading which CPUID bit QEMU
 * set) and its CPU models (query-cpu-definitions, query-cpu-model-expansion). With the same QEMU
 * release (major.minor) the file must be identical but for the version lines; a newer QEMU must keep
 * every name at its bit and every versioned model's features (QEMU never changes a versioned model).
 * {@code -Dqemu.update=true} rewrites the file from the installed QEMU.
 */
class QemuCpuDataTest {

    private static final Path DATA = Path.of("src/main/resources/io/cpuidmask/baseline/qemu-cpu.yaml");
    /** QEMU CPU properties that are not CPUID feature bits of the covered registers (or need KVM). */
    private static final List<String> NOT_FEATURES = List.of("vmx-", "hv-", "kvm", "x-", "check", "enforce",
            "realized", "hotplug", "start-powered-off", "pmu", "l3-cache", "legacy-cache", "host-", "fill-mtrr-mask",
            "full-cpuid-auto-level", "tcg-cpuid", "vmware-cpuid-freq", "cpuid-0xb", "migratable", "lmce");

    @Test
    void shippedTableIsWhatTheInstalledQemuSays() throws Exception {
        Assumptions.assumeTrue(Qemu.binary().isPresent(),
                "qemu-system-x86_64 not installed (Debian: qemu-system-x86): QEMU data check skipped");
        Generated fresh = generate();
        String text = fresh.yaml();
        if (Boolean.getBoolean("qemu.update")) {
            Files.writeString(DATA, text, StandardCharsets.UTF_8);
            return;
        }
        QemuCpus shipped = QemuCpus.shipped();
        if (fresh.release().equals(release(shipped.qemuVersion()))) {
            assertEquals(withoutVersion(Files.readString(DATA)), withoutVersion(text),
                    "qemu-cpu.yaml differs from QEMU " + fresh.version() + ": regenerate with -Dqemu.update=true");
            return;
        }
        // A newer QEMU: every shipped name still at its bit, every shipped model unchanged.
        shipped.features().forEach((name, at) -> assertEquals(at, fresh.features().get(name), "QEMU feature " + name));
        for (QemuModel m : shipped.models()) {
            QemuModel now = fresh.models().get(m.name());
            assertTrue(now != null, "QEMU " + fresh.version() + " has no model " + m.name());
            Set<String> known = new TreeSet<>(now.features());
            known.retainAll(shipped.features().keySet());
            assertEquals(m.features(), known, "features of " + m.name());
        }
    }

    record Generated(String version, String release, String pkg, SortedMap<String, QemuCpus.Position> features,
                     SortedMap<String, QemuModel> models) {

        String yaml() {
            StringBuilder sb = new StringBuilder();
            sb.append("# QEMU's x86 CPU feature names and CPU models, as qemu-system-x86_64 reports them over QMP:\n")
              .append("# feature names from qom-list-properties of x86_64-cpu (the canonical names, not the aliases),\n")
              .append("# each name's CPUID bit read with qom-get feature-words/filtered-features from a \"base\" CPU with\n")
              .append("# only that feature on; models from query-cpu-definitions and query-cpu-model-expansion (full).\n")
              .append("# Written by QemuCpuDataTest with -Dqemu.update=true and checked against the installed QEMU by\n")
              .append("# the same test. Names and facts only (QEMU is GPL-2.0-or-later). Model features are as TCG expands\n")
              .append("# them: QEMU 7.2 turns vme off under TCG (tcg_default_props), and x2apic on, monitor/svm/acpi off\n")
              .append("# under KVM (kvm_default_props). Only bits of the registers cpuidmask covers are listed.\n");
            sb.append("qemu: \"").append(version).append("\"\n");
            sb.append("package: \"").append(pkg).append("\"\n");
            sb.append("features:\n");
            Map<RegisterKey, SortedMap<Integer, String>> byKey = new TreeMap<>();
            features.forEach((name, at) -> byKey.computeIfAbsent(at.key(), k -> new TreeMap<>()).put(at.bit(), name));
            byKey.forEach((key, bits) -> sb.append("  \"").append(key.label()).append("\": {")
                    .append(bits.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")))
                    .append("}\n"));
            sb.append("models:\n");
            models.forEach((name, m) -> sb.append("  \"").append(name).append("\": {vendor: ").append(m.vendor())
                    .append(", family: ").append(m.family()).append(", model: ").append(m.model())
                    .append(", deprecated: ").append(m.deprecated())
                    .append(", aliases: [").append(String.join(", ", m.aliases())).append("]")
                    .append(", features: [").append(String.join(", ", m.features())).append("]}\n"));
            return sb.toString();
        }
    }

    static Generated generate() throws Exception {
        Set<RegisterKey> covered = new TreeSet<>();
        FeatureCatalogs.shipped().features().forEach(f -> covered.add(f.getKey()));
        CpuMap.shipped().features().forEach(f -> covered.add(f.key()));

        List<String> candidates = new ArrayList<>();
        String version;
        String pkg;
        Map<String, JsonNode> expansions = new TreeMap<>();
        Map<String, JsonNode> definitions = new TreeMap<>();
        try (Qemu q = running("base")) {
            JsonNode v = q.execute("query-version", null);
            version = v.at("/qemu/major").asInt() + "." + v.at("/qemu/minor").asInt() + "." + v.at("/qemu/micro").asInt();
            pkg = v.path("package").asText().strip();
            for (JsonNode p : q.execute("qom-list-properties", Qemu.args().put("typename", "x86_64-cpu"))) {
                String name = p.get("name").asText();
                if (p.get("type").asText().equals("bool") && NOT_FEATURES.stream().noneMatch(name::startsWith)) {
                    candidates.add(name);
                }
            }
            for (JsonNode d : q.execute("query-cpu-definitions", null)) {
                String name = d.get("name").asText();
                if (!Set.of("base", "max", "host").contains(name)) {
                    definitions.put(name, d);
                }
            }
            for (Map.Entry<String, JsonNode> d : definitions.entrySet()) {
                if (!d.getValue().has("alias-of")) {
                    var model = Qemu.args();
                    model.putObject("model").put("name", d.getKey());
                    model.put("type", "full");
                    expansions.put(d.getKey(), q.execute("query-cpu-model-expansion", model).at("/model/props"));
                }
            }
        }

        SortedMap<String, QemuCpus.Position> features = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Map<String, Future<Map<RegisterKey, Integer>>> words = new TreeMap<>();
            for (String name : candidates) {
                words.put(name, pool.submit(() -> {
                    try (Qemu q = running("base," + name + "=on")) {
                        return q.requestedWords();
                    }
                }));
            }
            for (Map.Entry<String, Future<Map<RegisterKey, Integer>>> e : words.entrySet()) {
                List<QemuCpus.Position> bits = new ArrayList<>();
                e.getValue().get().forEach((key, value) -> {
                    if (covered.contains(key)) {
                        for (int bit = 0; bit < 32; bit++) {
                            if ((value >>> bit & 1) != 0) {
                                bits.add(new QemuCpus.Position(key, bit));
                            }
                        }
                    }
                });
                assertTrue(bits.size() <= 1, "QEMU feature " + e.getKey() + " sets several covered bits: " + bits);
                if (bits.size() == 1) {
                    features.put(e.getKey(), bits.get(0));
                }
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, List<String>> aliases = new TreeMap<>();
        definitions.forEach((name, d) -> {
            if (d.has("alias-of")) {
                aliases.computeIfAbsent(d.get("alias-of").asText(), k -> new ArrayList<>()).add(name);
            }
        });
        SortedMap<String, QemuModel> models = new TreeMap<>();
        expansions.forEach((name, props) -> {
            List<String> on = features.entrySet().stream().filter(f -> props.path(f.getKey()).asBoolean(false))
                    .sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
            models.put(name, new QemuModel(name, props.path("vendor").asText(), props.path("family").asInt(),
                    props.path("model").asInt(), definitions.get(name).path("deprecated").asBoolean(false),
                    aliases.getOrDefault(name, List.of()), on));
        });
        return new Generated(version, release(version), pkg, features, models);
    }

    private static Qemu running(String cpu) throws Exception {
        Qemu.Start s = Qemu.start(cpu);
        if (s instanceof Qemu.Running r) {
            return r.qemu();
        }
        throw new AssertionError("QEMU refused -cpu " + cpu + ": " + ((Qemu.Refused) s).message());
    }

    private static String release(String version) {
        String[] p = version.split("\\.");
        return p[0] + "." + p[1];
    }

    private static String withoutVersion(String yaml) {
        return yaml.lines().filter(l -> !l.startsWith("qemu:") && !l.startsWith("package:"))
                .collect(Collectors.joining("\n"));
    }
}
