package io.cpuidmask.catalog;

import io.cpuidmask.facts.Feature;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.facts.IdentityField;
import io.cpuidmask.model.Futures;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import io.cpuidmask.model.RegisterValues;
import io.cpuidmask.yaml.SafeYaml;
import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the feature catalogue from the {@code features.yaml} resource (data, not code). */
public final class FeatureCatalogs {

    private static final String RESOURCE = "/io/cpuidmask/catalog/features.yaml";

    private FeatureCatalogs() {
    }

    /** The catalogue shipped with cpuidmask. */
    public static FeatureCatalog shipped() {
        return Shipped.VALUE;
    }

    /**
     * Starts reading the shipped catalogue on a daemon thread, for a command that needs it once its
     * own start-up is done: the read (a 100 KB YAML file, a tenth of a short run) then overlaps that
     * start-up, and {@link #shipped} waits for it. A failure here is left to {@link #shipped}.
     */
    public static void readInBackground() {
        Futures.daemon("cpuidmask-features").newThread(() -> {
            try {
                shipped();
            } catch (RuntimeException | LinkageError e) {
                // shipped() on the command's own thread fails the same way, and says so
            }
        }).start();
    }

    /** Loaded on first use, once (the JVM's lazy class initialisation). */
    private static final class Shipped {
        static final FeatureCatalog VALUE = load();
    }

    private static FeatureCatalog load() {
        try (InputStream in = FeatureCatalogs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            return parse(TextFiles.decode(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (YamlInputException e) {
            throw new IllegalStateException(RESOURCE + ":" + e.line() + ": " + e.getMessage(), e);
        }
    }

    static FeatureCatalog parse(String text) throws YamlInputException {
        Map<?, ?> root = (Map<?, ?>) SafeYaml.readAll(text).get(0).data();
        List<Feature> features = new ArrayList<>();
        for (Object o : (List<?>) root.get("features")) {
            Map<?, ?> m = (Map<?, ?>) o;
            RegisterKey key = RegisterKey.of(RegisterValues.parseLeaf(s(m, "leaf")),
                    m.get("subleaf") == null ? 0 : Integer.parseInt(s(m, "subleaf")), Register.parse(s(m, "register")));
            features.add(new Feature(s(m, "name"), key, Integer.parseInt(s(m, "bit")), s(m, "vendor"),
                    s(m, "linux"), s(m, "libvirt"), list(m, "aliases"), Boolean.parseBoolean(s(m, "userMode")),
                    Boolean.parseBoolean(s(m, "firmware")), list(m, "dependsOn"),
                    m.get("level") == null ? 0 : Integer.parseInt(s(m, "level")), s(m, "kind"), s(m, "description")));
        }
        List<IdentityField> fields = new ArrayList<>();
        Object fieldList = root.get("fields");
        if (fieldList instanceof List<?> l) {
            for (Object o : l) {
                Map<?, ?> m = (Map<?, ?>) o;
                if (!"identity".equals(s(m, "kind"))) {
                    continue; // informational multi-bit fields (MAWAU) are not identity
                }
                String[] range = s(m, "bits").split(":");
                RegisterKey key = RegisterKey.of(RegisterValues.parseLeaf(s(m, "leaf")),
                        m.get("subleaf") == null ? 0 : Integer.parseInt(s(m, "subleaf")), Register.parse(s(m, "register")));
                fields.add(new IdentityField(s(m, "name"), key, Integer.parseInt(range[1].trim()), Integer.parseInt(range[0].trim())));
            }
        }
        return new FeatureCatalog(features, fields);
    }

    private static String s(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString().trim();
    }

    private static List<String> list(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Object::toString).map(String::trim).toList();
        }
        return List.of(v.toString().trim());
    }
}
