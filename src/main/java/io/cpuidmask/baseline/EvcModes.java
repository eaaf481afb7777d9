package io.cpuidmask.baseline;

import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.yaml.SafeYaml;
import io.cpuidmask.yaml.TextFiles;
import io.cpuidmask.yaml.YamlInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The table of VMware EVC modes ({@code evc-modes.yaml}: which modes are covered, and the source
 * of their feature lists, are stated there).
 */
public final class EvcModes {

    private static final String RESOURCE = "/io/cpuidmask/baseline/evc-modes.yaml";

    private final List<EvcMode> modes;

    EvcModes(List<EvcMode> modes) {
        this.modes = List.copyOf(modes);
    }

    public static EvcModes shipped(FeatureCatalog catalog) {
        try (InputStream in = EvcModes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            return parse(TextFiles.decode(in.readAllBytes()), catalog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (YamlInputException e) {
            throw new IllegalStateException(RESOURCE + ":" + e.line() + ": " + e.getMessage(), e);
        }
    }

    static EvcModes parse(String yaml, FeatureCatalog catalog) throws YamlInputException {
        Map<?, ?> root = (Map<?, ?>) SafeYaml.readAll(yaml).get(0).data();
        Map<String, EvcMode> byKey = new HashMap<>();
        List<EvcMode> modes = new ArrayList<>();
        for (Object o : (List<?>) root.get("modes")) {
            Map<?, ?> m = (Map<?, ?>) o;
            String key = (String) m.get("key");
            Set<String> features = new LinkedHashSet<>();
            if (m.get("extends") != null) {
                EvcMode base = byKey.get((String) m.get("extends"));
                if (base == null) {
                    throw new IllegalStateException("EVC mode " + key + " extends unknown or later mode " + m.get("extends"));
                }
                features.addAll(base.features());
            }
            features.addAll(names(m.get("adds"), catalog, key));
            features.removeAll(names(m.get("removes"), catalog, key));
            EvcMode mode = new EvcMode(key, (String) m.get("name"), (String) m.get("vendor"), features);
            byKey.put(key, mode);
            modes.add(mode);
        }
        return new EvcModes(modes);
    }

    public List<EvcMode> modes() {
        return modes;
    }

    /** The last mode of the vendor, in table order, whose features are all in {@code common}. */
    public Optional<EvcMode> bestFor(String vendor, Set<String> common) {
        EvcMode best = null;
        for (EvcMode m : modes) {
            if (m.vendor().equals(vendor) && common.containsAll(m.features())) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
    }

    private static List<String> names(Object list, FeatureCatalog catalog, String mode) {
        if (list == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object n : (List<?>) list) {
            String name = n.toString();
            // Canonical names only: a typo would silently make a mode unreachable.
            if (catalog.byName(name).filter(f -> f.getName().equals(name)).isEmpty()) {
                throw new IllegalStateException("EVC mode " + mode + " names unknown feature " + name);
            }
            out.add(name);
        }
        return out;
    }
}
