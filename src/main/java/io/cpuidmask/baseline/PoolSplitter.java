package io.cpuidmask.baseline;

import io.cpuidmask.model.HostProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Splits a cluster into at most N migration pools ({@code plan --split N}): hosts of the same CPU
 * kind go together, vendors never share a pool, and the pools maximise the features each host
 * keeps (the sum over hosts of the size of its pool's common set). Exact up to {@link #EXACT_KINDS}
 * distinct CPU kinds, {@link PoolSearch#heuristic} above, not attempted above {@link #MAX_KINDS}.
 */
public final class PoolSplitter {

    /** Up to this many CPU kinds in a cluster the split is proven optimal. */
    public static final int EXACT_KINDS = 12;
    /** Above this many CPU kinds the heuristic's cubic time is not spent. */
    public static final int MAX_KINDS = 1000;

    /** How a split was found. */
    public enum Method { EXACT, HEURISTIC, NONE }

    /**
     * A cluster's split.
     *
     * @param score     features kept, summed over hosts (0 for {@link Method#NONE})
     * @param unsplit   the same figure for one pool per vendor (the cluster as it is, when of one vendor)
     * @param alone     the same figure with every CPU kind in a pool of its own: no split does better
     * @param pools     each pool's baseline, the most hosts first
     * @param note      why there is no split (Method NONE), else null
     */
    public record Split(String cluster, int maxPools, Method method, long score, long unsplit, long alone,
                        List<ClusterBaseline> pools, String note) {
        public Split {
            Objects.requireNonNull(method);
            pools = List.copyOf(pools);
            if (maxPools < 1) {
                throw new IllegalArgumentException("at most " + maxPools + " pools");
            }
        }
    }

    private final BaselineCalculator calculator;
    private final int exactKinds;

    public PoolSplitter(BaselineCalculator calculator) {
        this(calculator, EXACT_KINDS);
    }

    /** exactKinds: up to how many kinds the search is exact (tests lower it to reach the heuristic). */
    PoolSplitter(BaselineCalculator calculator, int exactKinds) {
        this.calculator = calculator;
        this.exactKinds = Math.min(exactKinds, PoolSearch.MAX_EXACT);
    }

    public Split split(String cluster, List<HostProfile> members, int maxPools) {
        List<BaselineCalculator.CpuKind> kinds = calculator.kinds(members);
        PoolSearch search = search(kinds);
        if (kinds.size() > MAX_KINDS) {
            return new Split(cluster, maxPools, Method.NONE, 0, search.score(search.perVendor()), search.aloneScore(),
                    List.of(), kinds.size() + " distinct CPU kinds: more than the " + MAX_KINDS + " a split is searched for");
        }
        if (search.vendorClasses() > maxPools) {
            return new Split(cluster, maxPools, Method.NONE, 0, search.score(search.perVendor()), search.aloneScore(),
                    List.of(), search.vendorClasses() + " vendors, which never share a pool: at most " + maxPools
                    + " pools cannot hold them");
        }
        boolean exact = kinds.size() <= exactKinds;
        int[] pool = exact ? search.exact(maxPools) : search.heuristic(maxPools);
        Map<HostProfile, Integer> poolOf = new java.util.IdentityHashMap<>();
        for (int k = 0; k < kinds.size(); k++) {
            for (HostProfile h : kinds.get(k).hosts()) {
                poolOf.put(h, pool[k]);
            }
        }
        // input order within a pool, as baseline lists a cluster's hosts
        Map<Integer, List<HostProfile>> byPool = new TreeMap<>();
        members.forEach(h -> byPool.computeIfAbsent(poolOf.get(h), p -> new ArrayList<>()).add(h));
        List<ClusterBaseline> pools = new ArrayList<>();
        byPool.values().forEach(hosts -> pools.add(calculator.cluster(cluster, hosts)));
        pools.sort(Comparator.comparingInt((ClusterBaseline b) -> -b.hosts().size()).thenComparing(b -> b.hosts().get(0)));
        return new Split(cluster, maxPools, exact ? Method.EXACT : Method.HEURISTIC, search.score(pool),
                search.score(search.perVendor()), search.aloneScore(), pools, null);
    }

    /** The kinds as the search sees them: vendor classes, hosts, and the bits indexed across the cluster. */
    private static PoolSearch search(List<BaselineCalculator.CpuKind> kinds) {
        Map<FeatureBit, Integer> index = new TreeMap<>();
        kinds.forEach(k -> k.features().forEach(f -> index.putIfAbsent(f, index.size())));
        List<String> vendors = new ArrayList<>();
        int n = kinds.size();
        int[] vendor = new int[n];
        long[] weight = new long[n];
        long[][] features = new long[n][(index.size() + 63) / 64];
        for (int k = 0; k < n; k++) {
            BaselineCalculator.CpuKind kind = kinds.get(k);
            String v = Objects.requireNonNullElse(kind.vendor(), "");
            if (!vendors.contains(v)) {
                vendors.add(v);
            }
            vendor[k] = vendors.indexOf(v);
            weight[k] = kind.hosts().size();
            for (FeatureBit f : kind.features()) {
                int i = index.get(f);
                features[k][i / 64] |= 1L << (i % 64);
            }
        }
        return new PoolSearch(vendor, weight, features);
    }
}
