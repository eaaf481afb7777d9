package io.cpuidmask.facts;

import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every known CPUID feature bit and the identity fields of leaf 1 EAX, looked up by position or
 * name; rules reach it as the global {@code features}. The catalogue package reads it.
 */
public final class FeatureCatalog {

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
        return at(key, bit, vendor).map(Feature::getName).orElseGet(() -> key.label() + "[" + bit + "]");
    }

    /** Looks a feature up by canonical name, Linux name, libvirt name or alias, any case. */
    public Optional<Feature> byName(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    public Collection<IdentityField> fieldsOf(RegisterKey key) {
        return fields.stream().filter(f -> f.getKey().equals(key)).toList();
    }
}
