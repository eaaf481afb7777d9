package io.cpuidmask.baseline;

import io.cpuidmask.catalog.FeatureCatalogs;
import io.cpuidmask.catalog.FeatureDecoder;
import io.cpuidmask.catalog.X86Level;
import io.cpuidmask.facts.FeatureCatalog;
import io.cpuidmask.model.HostProfile;
import io.cpuidmask.model.Register;
import io.cpuidmask.model.RegisterKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Computes the named baseline of every cluster from its hosts' CPUID profiles. */
public final class BaselineCalculator {

    /** Leaf 0x80000008 EAX: physical address bits in 7:0. */
    private static final RegisterKey ADDRESS_SIZES = RegisterKey.of(0x8000_0008L, Register.EAX);

    private final FeatureCatalog catalog;
    private final CpuMap cpuMap;
    private final EvcModes evcModes;
    private final ModelMatcher matcher;
    private final Map<String, FeatureBits> bitsByVendor = new HashMap<>();

    public BaselineCalculator(FeatureCatalog catalog, CpuMap cpuMap, EvcModes evcModes) {
        this.catalog = catalog;
        this.cpuMap = cpuMap;
        this.evcModes = evcModes;
        this.matcher = new ModelMatcher(cpuMap);
    }

    public static BaselineCalculator shipped() {
        FeatureCatalog catalog = FeatureCatalogs.shipped();
        return new BaselineCalculator(catalog, CpuMap.shipped(), EvcModes.shipped(catalog));
    }

    /** One baseline per cluster, clusters sorted by name, hosts in input order. */
    public List<ClusterBaseline> compute(List<HostProfile> hosts) {
        Map<String, List<HostProfile>> clusters = new TreeMap<>();
        for (HostProfile h : hosts) {
            clusters.computeIfAbsent(h.cluster(), c -> new ArrayList<>()).add(h);
        }
        List<ClusterBaseline> out = new ArrayList<>();
        clusters.forEach((name, members) -> out.add(cluster(name, members)));
        return out;
    }

    /** The bits a host has, in the naming used for its vendor. */
    public SortedSet<FeatureBit> featuresOf(HostProfile host) {
        return bits(host.vendor()).presentOn(host);
    }

    /** The closest libvirt CPU model that a CPU with these (libvirt-named) features runs as it is, and its features. */
    public Optional<Map.Entry<String, Set<String>>> runnableModel(String vendor, Set<String> libvirtFeatures) {
        return matcher.runnable(vendor, libvirtFeatures)
                .map(m -> Map.entry(m.name(), cpuMap.model(m.name()).orElseThrow().features()));
    }

    /** The baseline of one cluster's hosts. */
    public ClusterBaseline cluster(String name, List<HostProfile> members) {
        List<String> notes = new ArrayList<>();
        Set<String> vendorSet = new LinkedHashSet<>();
        for (HostProfile h : members) {
            if (h.vendor() == null) {
                notes.add("host " + h.host() + ": vendor unknown (no vendor: and no leaf 0 in its profile)");
            } else {
                vendorSet.add(h.vendor());
            }
        }
        List<String> vendors = List.copyOf(vendorSet);
        boolean mixed = vendors.size() > 1;
        String vendor = vendors.size() == 1 && notes.isEmpty() ? vendors.get(0) : null;
        FeatureBits bits = bits(vendor);

        // Hosts of the same CPU (same registers) share one analysis: an estate has few distinct CPUs.
        record Analysis(SortedSet<FeatureBit> present, SortedSet<RegisterKey> unknown, int level) {
        }
        Map<List<Object>, Analysis> analyses = new HashMap<>();
        SortedSet<FeatureBit> common = null;
        SortedSet<FeatureBit> any = new TreeSet<>();
        Integer physBits = null;
        Map<String, SortedSet<FeatureBit>> perHost = new LinkedHashMap<>();
        int level = Integer.MAX_VALUE;
        for (HostProfile h : members) {
            Analysis a = analyses.computeIfAbsent(Arrays.asList(h.vendor(), h.registers()), k -> new Analysis(
                    bits.presentOn(h), bits.unknownOn(h), X86Level.of(catalog,
                    new FeatureDecoder(catalog).decode(h), h.vendor()).level()));
            perHost.put(h.host(), a.present());
            any.addAll(a.present());
            OptionalInt addressSizes = h.value(ADDRESS_SIZES);
            if (addressSizes.isPresent() && (addressSizes.getAsInt() & 0xff) != 0) {
                physBits = Math.min(physBits == null ? Integer.MAX_VALUE : physBits, addressSizes.getAsInt() & 0xff);
            }
            if (common == null) {
                common = new TreeSet<>(a.present());
            } else if (!common.equals(a.present())) {
                common.retainAll(a.present());
            }
            if (!a.unknown().isEmpty()) {
                notes.add("host " + h.host() + ": registers not in its profile, so their features do not count as common: "
                        + a.unknown().stream().map(RegisterKey::label).collect(Collectors.joining(", ")));
            }
            // The cluster reaches the lowest level of its hosts (catalog.X86Level: LM implies SYSCALL, strict per level).
            level = Math.min(level, a.level());
        }
        if (members.isEmpty()) {
            level = 0;
            common = new TreeSet<>();
        }
        List<FeatureBit> commonList = List.copyOf(common);
        Set<String> commonNames = commonList.stream().map(FeatureBit::name).collect(Collectors.toSet());

        if (mixed) {
            notes.add(0, "mixed vendors (" + String.join(", ", vendors)
                    + "): no live migration between them, whatever the masks; no model or EVC mode");
            return new ClusterBaseline(name, hostNames(members), vendors, null, commonList, level,
                    null, null, List.of(), null, notes, List.copyOf(any), physBits);
        }
        Set<String> commonLibvirt = libvirtNames(common);
        ModelMatch model = matcher.closest(vendor, commonLibvirt).orElse(null);
        ModelMatch runnable = matcher.runnable(vendor, commonLibvirt).orElse(null);
        List<ClusterBaseline.HostFeatures> beyond = new ArrayList<>();
        if (model != null) {
            Set<String> modelFeatures = cpuMap.model(model.name()).orElseThrow().features();
            Map<SortedSet<FeatureBit>, List<String>> extraBySet = new IdentityHashMap<>();
            perHost.forEach((host, present) -> beyond.add(new ClusterBaseline.HostFeatures(host,
                    extraBySet.computeIfAbsent(present, p -> {
                        Set<String> extra = new TreeSet<>(libvirtNames(p));
                        extra.removeAll(modelFeatures);
                        return List.copyOf(extra);
                    }))));
        }
        EvcMode evc = vendor == null ? null : evcModes.bestFor(vendor, commonNames).orElse(null);
        return new ClusterBaseline(name, hostNames(members), vendors, vendor, commonList, level,
                model, runnable, beyond, evc, notes, List.copyOf(any), physBits);
    }

    private FeatureBits bits(String vendor) {
        return bitsByVendor.computeIfAbsent(Objects.requireNonNullElse(vendor, ""),
                v -> new FeatureBits(catalog, cpuMap, v.isEmpty() ? null : v));
    }

    private static Set<String> libvirtNames(Set<FeatureBit> bits) {
        return bits.stream().map(FeatureBit::libvirtName).filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> hostNames(List<HostProfile> members) {
        return members.stream().map(HostProfile::host).toList();
    }
}
