package io.cpuidmask.catalog;

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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every known CPUID feature bit, read from the {@code features.yaml} resource (data, not code),
 * and the identity fields of leaf 1 EAX.
 */
public final class FeatureCatalog {

    private static final String RESOURCE = "/io/cpuidmask/catalog/features.yaml";
    private static volatile FeatureCatalog shipped;

    private final List<Feature> features;
    private final List<IdentityField> fields;
    /** Features by register, then bit: looked up for every hidden bit of a large estate, so no string keys. */
    private final Map<RegisterKey, List<List<Feature>>> byPosition = new HashMap<>();
    private final Map<String, Feature> byName = new HashMap<>();

    public FeatureCatalog(List<Feature> features, List<IdentityField> fields) {
        this.features = List.copyOf(features);
        this.fields = List.copyOf(fields);
        for (Feature f : features) {
            byPosition.computeIfAbsent(f.getKey(), k -> {
                List<List<Feature>> bits = new ArrayList<>(32);
                for (int b = 0; b < 32; b++) {
                    bits.add(new ArrayList<>(1));
                }
                return bits;
            }).get(f.getBit()).add(f);
            if (byName.putIfAbsent(f.getName().toLowerCase(Locale.ROOT), f) != null) {
                throw new IllegalArgumentException("feature name " + f.getName() + " appears twice");
            }
        }
        Map<String, List<String>> dependents = new HashMap<>();
        for (Feature f : features) {
            f.getDependsOn().forEach(d -> dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(f.getName()));
        }
        for (Feature f : features) {
            f.setDependents(dependents.getOrDefault(f.getName(), List.of()));
            for (String alias : f.getAliases()) {
                byName.putIfAbsent(alias.toLowerCase(Locale.ROOT), f);
            }
            if (f.getLinuxName() != null) {
                byName.putIfAbsent(f.getLinuxName().toLowerCase(Locale.ROOT), f);
            }
            if (f.getLibvirtName() != null) {
                byName.putIfAbsent(f.getLibvirtName().toLowerCase(Locale.ROOT), f);
            }
        }
    }

    /** The catalogue shipped with cpuidmask. */
    public static FeatureCatalog shipped() {
        FeatureCatalog c = shipped;
        if (c == null) {
            synchronized (FeatureCatalog.class) {
                c = shipped;
                if (c == null) {
                    c = load();
                    shipped = c;
                }
            }
        }
        return c;
    }

    public List<Feature> features() {
        return features;
    }

    public List<IdentityField> fields() {
        return fields;
    }

    /** The feature at a bit for a host of the given vendor (null: any), if the bit is defined. */
    public Optional<Feature> at(RegisterKey key, int bit, String vendor) {
        List<List<Feature>> bits = byPosition.get(key);
        List<Feature> candidates = bits == null || bit < 0 || bit > 31 ? List.of() : bits.get(bit);
        // Another vendor's meaning of the bit is not this host's: the bit is then unnamed.
        for (Feature f : candidates) {
            if (f.appliesTo(vendor) && !f.isReserved()) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** A name for a bit: the feature's canonical name, or {@code 00000001.ecx[16]} if undefined. */
    public String nameOf(RegisterKey key, int bit, String vendor) {
        return at(key, bit, vendor).map(Feature::getName).orElse(key.label() + "[" + bit + "]");
    }

    /** Looks a feature up by canonical name, Linux name, libvirt name or alias, any case. */
    public Optional<Feature> byName(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    public Collection<IdentityField> fieldsOf(RegisterKey key) {
        return fields.stream().filter(f -> f.getKey().equals(key)).toList();
    }


    private static FeatureCatalog load() {
        try (InputStream in = FeatureCatalog.class.getResourceAsStream(RESOURCE)) {
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
