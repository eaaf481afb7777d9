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

    /** Distinct CPUs whose analysis is kept: bounded, as an estate of unique registers must not fill the heap. */
    private static final int ANALYSES_KEPT = 4096;
    /** Leaf 0x80000008 EAX: physical address bits in 7:0. */
    private static final RegisterKey ADDRESS_SIZES = RegisterKey.of(0x8000_0008L, Register.EAX);

    private final FeatureCatalog catalog;
    private final CpuMap cpuMap;
    private final EvcModes evcModes;
    private final ModelMatcher matcher;
    private final Map<String, FeatureBits> bitsByVendor = new HashMap<>();
    private final Map<List<Object>, Optional<ModelMatch>> closestMemo = new HashMap<>();
    /** Analyses of the CPUs met lately, across clusters: an estate's clusters share their CPUs. */
    private final Map<List<Object>, Analysis> analyses = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, Analysis> eldest) {
            return size() > ANALYSES_KEPT;
        }
    };

    /** Hosts of the same CPU (same registers) share one analysis: an estate has few distinct CPUs. */
    private record Analysis(SortedSet<FeatureBit> present, SortedSet<RegisterKey> unknown, int level) {
    }

    /** One CPU kind of a cluster: its vendor, bits (in the vendor's naming), x86-64 level and hosts. */
    public record CpuKind(String vendor, SortedSet<FeatureBit> features, int level, List<HostProfile> hosts) {
        public CpuKind {
            features = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(features));
            hosts = List.copyOf(hosts);
        }
    }

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

    /** The baseline of one cluster's hosts, with what each of its CPU kinds holds back. */
    public ClusterBaseline cluster(String name, List<HostProfile> members) {
        ClusterBaseline whole = common(name, members);
        return whole.withLimitingHosts(limitingHosts(whole, kinds(members)));
    }

    /**
     * The hosts grouped into CPU kinds (same vendor, the same feature bits in their vendor's naming,
     * the same level), in order of first appearance; hosts in input order.
     */
    public List<CpuKind> kinds(List<HostProfile> members) {
        Map<List<Object>, List<HostProfile>> groups = new LinkedHashMap<>();
        for (HostProfile h : members) {
            Analysis a = analysis(h, h.vendor());
            groups.computeIfAbsent(Arrays.asList(h.vendor(), a.present(), a.level()), k -> new ArrayList<>()).add(h);
        }
        List<CpuKind> out = new ArrayList<>();
        groups.forEach((key, hosts) -> {
            Analysis a = analysis(hosts.get(0), hosts.get(0).vendor());
            out.add(new CpuKind(hosts.get(0).vendor(), a.present(), a.level(), hosts));
        });
        return out;
    }

    /**
     * Per CPU kind, what the cluster would reach without it: the rest's common set, level, model
     * and EVC mode, as {@link #common} finds them. Hosts of a kind have the same bits, so one host
     * of each other kind stands for the rest. Largest gain first; ties by the group's first host name.
     */
    private List<LimitingHost> limitingHosts(ClusterBaseline whole, List<CpuKind> kinds) {
        if (kinds.size() < 2) {
            return List.of();
        }
        // TreeSet: bits compare by register and bit, whatever the naming (a mixed cluster's rest may be one vendor)
        SortedSet<FeatureBit> before = new TreeSet<>(whole.commonFeatures());
        List<LimitingHost> out = new ArrayList<>();
        for (CpuKind kind : kinds) {
            List<HostProfile> rest = kinds.stream().filter(k -> k != kind).map(k -> k.hosts().get(0)).toList();
            String vendor = soleVendor(rest);
            SortedSet<FeatureBit> common = null;
            int level = Integer.MAX_VALUE;
            for (HostProfile h : rest) {
                Analysis a = analysis(h, vendor);
                level = Math.min(level, a.level());
                if (common == null) {
                    common = new TreeSet<>(a.present());
                } else {
                    common.retainAll(a.present());
                }
            }
            boolean mixed = rest.stream().map(HostProfile::vendor).filter(Objects::nonNull).distinct().count() > 1;
            ModelMatch model = mixed ? null : closest(vendor, libvirtNames(common));
            EvcMode evc = vendor == null ? null : evcModes.bestFor(vendor, names(common)).orElse(null);
            out.add(new LimitingHost(hostNames(kind.hosts()), common.stream().filter(f -> !before.contains(f)).toList(),
                    level, model, evc));
        }
        out.sort(java.util.Comparator.comparingInt((LimitingHost l) -> -l.gains().size())
                .thenComparing(l -> l.hosts().get(0)));
        return out;
    }

    /**
     * libvirt's closest model, remembered: an estate's clusters (and their rests without each CPU
     * kind) share few distinct feature sets, and matching one against every model is the dearest step.
     */
    private ModelMatch closest(String vendor, Set<String> libvirtFeatures) {
        return closestMemo.computeIfAbsent(Arrays.asList(vendor, libvirtFeatures),
                k -> matcher.closest(vendor, libvirtFeatures)).orElse(null);
    }

    /** The vendor all the hosts have, or null when they differ or one is unknown. */
    private static String soleVendor(List<HostProfile> hosts) {
        Set<String> vendors = new java.util.HashSet<>();
        for (HostProfile h : hosts) {
            if (h.vendor() == null) {
                return null;
            }
            vendors.add(h.vendor());
        }
        return vendors.size() == 1 ? vendors.iterator().next() : null;
    }

    private static Set<String> names(Set<FeatureBit> bits) {
        return bits.stream().map(FeatureBit::name).collect(Collectors.toSet());
    }

    /** A host's bits in one vendor's naming, its unknown registers and level; hosts of one CPU share it. */
    private Analysis analysis(HostProfile h, String naming) {
        return analyses.computeIfAbsent(Arrays.asList(naming, h.vendor(), h.registers()), k -> {
            FeatureBits bits = bits(naming);
            return new Analysis(bits.presentOn(h), bits.unknownOn(h), X86Level.of(catalog,
                    new FeatureDecoder(catalog).decode(h), h.vendor()).level());
        });
    }

    /** The common features, level, model and EVC mode of these hosts. */
    private ClusterBaseline common(String name, List<HostProfile> members) {
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
        String vendor = soleVendor(members);
        SortedSet<FeatureBit> common = null;
        SortedSet<FeatureBit> any = new TreeSet<>();
        Integer physBits = null;
        Map<String, SortedSet<FeatureBit>> perHost = new LinkedHashMap<>();
        int level = Integer.MAX_VALUE;
        for (HostProfile h : members) {
            Analysis a = analysis(h, vendor);
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

        if (mixed) {
            notes.add(0, "mixed vendors (" + String.join(", ", vendors)
                    + "): no live migration between them, whatever the masks; no model or EVC mode");
            return new ClusterBaseline(name, hostNames(members), vendors, null, commonList, level,
                    null, null, List.of(), null, notes, List.copyOf(any), physBits, List.of());
        }
        Set<String> commonLibvirt = libvirtNames(common);
        ModelMatch model = closest(vendor, commonLibvirt);
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
        EvcMode evc = vendor == null ? null : evcModes.bestFor(vendor, names(common)).orElse(null);
        return new ClusterBaseline(name, hostNames(members), vendors, vendor, commonList, level,
                model, runnable, beyond, evc, notes, List.copyOf(any), physBits, List.of());
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
