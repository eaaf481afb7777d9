package io.cpuidmask.baseline;

import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.yaml.SafeYaml;
import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A hypervisor's names for CPUID bits, read from a shipped table of the form
 * {@code "00000007.ebx": {5: AVX2, ...}} (register label as {@link RegisterKey#label()}, bit, name):
 * libxl's (Xen) and VMware's feature-mask names.
 */
public final class BitNames {

    private final Map<String, String> names;

    private BitNames(Map<String, String> names) {
        this.names = Map.copyOf(names);
    }

    private static final ConcurrentMap<String, BitNames> SHIPPED =
            new ConcurrentHashMap<>();

    /** A shipped table, read once. */
    public static BitNames shipped(String resource) {
        return SHIPPED.computeIfAbsent(resource, BitNames::load);
    }

    static BitNames load(String resource) {
        try (InputStream in = BitNames.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the build");
            }
            Map<?, ?> root = (Map<?, ?>) SafeYaml.readAll(TextFiles.decode(in.readAllBytes())).get(0).data();
            Map<String, String> names = new HashMap<>();
            root.forEach((reg, bits) -> {
                if (bits instanceof Map<?, ?> m) {
                    m.forEach((bit, name) -> names.put(reg + "/" + bit.toString().trim(), name.toString().trim()));
                }
            });
            return new BitNames(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (YamlInputException e) {
            throw new IllegalStateException(resource + ":" + e.line() + ": " + e.getMessage(), e);
        }
    }

    public Optional<String> at(RegisterKey key, int bit) {
        return Optional.ofNullable(names.get(key.label() + "/" + bit));
    }

    public int size() {
        return names.size();
    }
}
