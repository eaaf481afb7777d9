package io.cpuidmask.baseline;

import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.yaml.SafeYaml;
import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * QEMU's x86 CPU feature names and CPU models, read from {@code qemu-cpu.yaml}: data that
 * QemuCpuDataTest reads off the real {@code qemu-system-x86_64} over QMP and keeps equal to it.
 */
public final class QemuCpus {

    static final String RESOURCE = "/io/cpuidmask/baseline/qemu-cpu.yaml";

    /** The CPUID bit one QEMU feature name sets. */
    public record Position(RegisterKey key, int bit) implements Comparable<Position> {
        private static final Comparator<Position> ORDER =
                Comparator.comparing(Position::key).thenComparingInt(Position::bit);

        @Override
        public int compareTo(Position o) {
            return ORDER.compare(this, o);
        }
    }

    private final String qemuVersion;
    private final Map<String, Position> features;
    private final Map<Position, String> names = new HashMap<>();
    private final List<QemuModel> models;

    QemuCpus(String qemuVersion, Map<String, Position> features, List<QemuModel> models) {
        this.qemuVersion = qemuVersion;
        this.features = Map.copyOf(features);
        features.forEach((n, p) -> names.put(p, n));
        this.models = List.copyOf(models);
    }

    public static QemuCpus shipped() {
        return Shipped.VALUE;
    }

    /** Loaded on first use, once (the JVM's lazy class initialisation). */
    private static final class Shipped {
        static final QemuCpus VALUE = load();
    }

    /** The QEMU release the data was read from ({@code 7.2.22}). */
    public String qemuVersion() {
        return qemuVersion;
    }

    /** Canonical QEMU feature name to its bit. */
    public Map<String, Position> features() {
        return features;
    }

    /** QEMU's canonical name for a CPUID bit, if QEMU names it. */
    public Optional<String> nameAt(RegisterKey key, int bit) {
        return Optional.ofNullable(names.get(new Position(key, bit)));
    }

    /** Versioned models, in name order. */
    public List<QemuModel> models() {
        return models;
    }

    public Optional<QemuModel> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    private static QemuCpus load() {
        try (InputStream in = QemuCpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            Map<?, ?> root = (Map<?, ?>) SafeYaml.readAll(TextFiles.decode(in.readAllBytes())).get(0).data();
            Map<String, Position> features = new LinkedHashMap<>();
            ((Map<?, ?>) root.get("features")).forEach((reg, bits) -> {
                RegisterKey key = key(reg.toString());
                ((Map<?, ?>) bits).forEach((bit, name) ->
                        features.put(name.toString(), new Position(key, Integer.parseInt(bit.toString().trim()))));
            });
            List<QemuModel> models = new ArrayList<>();
            ((Map<?, ?>) root.get("models")).forEach((name, spec) -> {
                Map<?, ?> m = (Map<?, ?>) spec;
                models.add(new QemuModel(name.toString(), m.get("vendor").toString(),
                        Integer.parseInt(m.get("family").toString()), Integer.parseInt(m.get("model").toString()),
                        Boolean.parseBoolean(m.get("deprecated").toString()), strings(m.get("aliases")),
                        strings(m.get("features"))));
            });
            return new QemuCpus(root.get("qemu").toString(), features, models);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (YamlInputException e) {
            throw new IllegalStateException(RESOURCE + ":" + e.line() + ": " + e.getMessage(), e);
        }
    }

    /** {@code 00000007.ebx} or {@code 00000007.1.eax}, as {@link RegisterKey#label()} writes it. */
    static RegisterKey key(String label) {
        String[] p = label.split("\\.");
        int subleaf = p.length == 3 ? Integer.parseInt(p[1]) : 0;
        return RegisterKey.of(Long.parseLong(p[0], 16), subleaf, Register.parse(p[p.length - 1]));
    }

    private static List<String> strings(Object list) {
        return list instanceof List<?> l ? l.stream().map(Object::toString).toList() : List.of();
    }
}
