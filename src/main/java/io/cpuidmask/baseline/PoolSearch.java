package io.cpuidmask.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The search behind {@code plan --split}: partitions CPU kinds into at most N pools, no pool
 * mixing vendor classes, maximising the sum over kinds of weight (hosts) times the size of the
 * pool's common feature set. Plain Java: it is an optimisation, not policy.
 *
 * @param vendor   per kind, its vendor class (kinds of different classes never share a pool)
 * @param weight   per kind, its number of hosts
 * @param features per kind, its feature bits as a bitmap (the same bit index for the same bit)
 */
public record PoolSearch(int[] vendor, long[] weight, long[][] features) {

    /** The exact search's limit: its tables grow with 2^k, its work with 3^k. */
    public static final int MAX_EXACT = 16;

    public PoolSearch {
        if (vendor.length != weight.length || vendor.length != features.length) {
            throw new IllegalArgumentException("one vendor, weight and feature set per kind");
        }
        vendor = vendor.clone();
        weight = weight.clone();
        features = Arrays.stream(features).map(long[]::clone).toArray(long[][]::new);
    }

    public int kinds() {
        return vendor.length;
    }

    /** Distinct vendor classes: the fewest pools any valid partition has. */
    public int vendorClasses() {
        return (int) Arrays.stream(vendor).distinct().count();
    }

    /** The score of a partition given as a pool index per kind; -1 when a pool mixes vendors. */
    public long score(int[] pool) {
        int pools = Arrays.stream(pool).max().orElse(-1) + 1;
        long total = 0;
        for (int p = 0; p < pools; p++) {
            List<Integer> members = new ArrayList<>();
            for (int k = 0; k < pool.length; k++) {
                if (pool[k] == p) {
                    members.add(k);
                }
            }
            long s = blockScore(members);
            if (s < 0) {
                return -1;
            }
            total += s;
        }
        return total;
    }

    /** Every kind in a pool of its own: no partition does better. */
    public long aloneScore() {
        long total = 0;
        for (int k = 0; k < kinds(); k++) {
            total += weight[k] * bitCount(features[k]);
        }
        return total;
    }

    /** One pool per vendor class, numbered in order of first appearance: the partition with no split. */
    public int[] perVendor() {
        int[] pool = new int[kinds()];
        List<Integer> seen = new ArrayList<>();
        for (int k = 0; k < kinds(); k++) {
            int at = seen.indexOf(vendor[k]);
            if (at < 0) {
                seen.add(vendor[k]);
                at = seen.size() - 1;
            }
            pool[k] = at;
        }
        return pool;
    }

    /**
     * The optimum, by dynamic programming over subsets (3^k work: for up to about 12 kinds).
     * On equal scores the partition with fewer pools wins. Null when no partition into at most
     * {@code maxPools} keeps the vendors apart.
     */
    public int[] exact(int maxPools) {
        int k = kinds();
        if (k > MAX_EXACT) {
            throw new IllegalArgumentException(k + " kinds are too many for the exact search");
        }
        int full = (1 << k) - 1;
        long[] value = new long[full + 1];
        long[][] inter = new long[full + 1][];
        int words = k == 0 ? 0 : features[0].length;
        inter[0] = new long[words];
        Arrays.fill(inter[0], -1L);
        int[] vendorOf = new int[full + 1];
        for (int s = 1; s <= full; s++) {
            int low = Integer.numberOfTrailingZeros(s);
            int rest = s & (s - 1);
            inter[s] = and(inter[rest], features[low]);
            boolean pure = rest == 0 || vendorOf[rest] == vendor[low];
            vendorOf[s] = pure ? vendor[low] : Integer.MIN_VALUE; // MIN_VALUE: mixed, and so is every superset
            value[s] = pure ? weightOf(s) * bitCount(inter[s]) : -1;
        }
        int levels = Math.min(maxPools, k);
        long[][] best = new long[levels + 1][full + 1];
        int[][] first = new int[levels + 1][full + 1];
        Arrays.fill(best[0], -1);
        best[0][0] = 0;
        for (int j = 1; j <= levels; j++) {
            for (int s = 0; s <= full; s++) {
                // fewer pools first: a later choice must be strictly better
                best[j][s] = best[j - 1][s];
                first[j][s] = 0;
                int low = s & -s;
                for (int t = s; t != 0; t = (t - 1) & s) {
                    if ((t & low) == 0 || value[t] < 0 || best[j - 1][s & ~t] < 0) {
                        continue;
                    }
                    long v = value[t] + best[j - 1][s & ~t];
                    if (v > best[j][s]) {
                        best[j][s] = v;
                        first[j][s] = t;
                    }
                }
            }
        }
        if (k == 0) {
            return new int[0];
        }
        if (levels == 0 || best[levels][full] < 0) {
            return null;
        }
        int[] pool = new int[k];
        int next = 0;
        int s = full;
        for (int j = levels; s != 0; j--) {
            int t = first[j][s];
            if (t == 0) {
                continue; // this many pools did no better than one fewer
            }
            for (int b = 0; b < k; b++) {
                if ((t >> b & 1) != 0) {
                    pool[b] = next;
                }
            }
            next++;
            s &= ~t;
        }
        return pool;
    }

    /**
     * A good partition for many kinds: every kind alone, then repeatedly the merge of two pools
     * of one vendor class that loses the least until at most {@code maxPools} remain, then single
     * kinds moved to another pool while a move raises the score. It never does worse than one pool
     * per vendor class (every merge keeps the vendor classes apart, and splitting a pool never
     * lowers the score). Null when the vendor classes outnumber {@code maxPools}.
     */
    public int[] heuristic(int maxPools) {
        if (vendorClasses() > maxPools) {
            return null;
        }
        // each pool's kinds, hosts and common bits; merged pools are emptied
        int n = kinds();
        List<List<Integer>> pools = new ArrayList<>();
        long[] hosts = weight.clone();
        long[][] common = Arrays.stream(features).map(long[]::clone).toArray(long[][]::new);
        long[][] loss = new long[n][n];
        for (int k = 0; k < n; k++) {
            pools.add(new ArrayList<>(List.of(k)));
        }
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                loss[a][b] = mergeLoss(a, b, hosts, common);
            }
        }
        for (int left = n; left > maxPools; left--) {
            int bestA = -1;
            int bestB = -1;
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n && !pools.get(a).isEmpty(); b++) {
                    if (!pools.get(b).isEmpty() && loss[a][b] != Long.MAX_VALUE
                            && (bestA < 0 || loss[a][b] < loss[bestA][bestB])) {
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            pools.get(bestA).addAll(pools.get(bestB));
            pools.get(bestB).clear();
            hosts[bestA] += hosts[bestB];
            common[bestA] = and(common[bestA], common[bestB]);
            for (int o = 0; o < n; o++) {
                if (o != bestA && !pools.get(o).isEmpty()) {
                    loss[Math.min(o, bestA)][Math.max(o, bestA)] = mergeLoss(Math.min(o, bestA), Math.max(o, bestA), hosts, common);
                }
            }
        }
        List<List<Integer>> kept = new ArrayList<>();
        pools.stream().filter(p -> !p.isEmpty()).forEach(kept::add);
        improveByMoves(kept);
        int[] pool = new int[kinds()];
        int next = 0;
        for (List<Integer> p : kept) {
            if (!p.isEmpty()) {
                for (int k : p) {
                    pool[k] = next;
                }
                next++;
            }
        }
        return pool;
    }

    /** Moves one kind at a time to the pool where it raises the score most, until none does (at most 100 rounds). */
    private void improveByMoves(List<List<Integer>> pools) {
        for (int round = 0; round < 100; round++) {
            boolean moved = false;
            for (int k = 0; k < kinds(); k++) {
                int from = -1;
                for (int p = 0; p < pools.size(); p++) {
                    if (pools.get(p).contains(k)) {
                        from = p;
                    }
                }
                List<Integer> without = new ArrayList<>(pools.get(from));
                without.remove(Integer.valueOf(k));
                long fromNow = blockScore(pools.get(from));
                long fromAfter = without.isEmpty() ? 0 : blockScore(without);
                int bestTo = -1;
                long bestGain = 0;
                for (int p = 0; p < pools.size(); p++) {
                    List<Integer> target = pools.get(p);
                    if (p == from || target.isEmpty() || vendor[target.get(0)] != vendor[k]) {
                        continue;
                    }
                    List<Integer> with = new ArrayList<>(target);
                    with.add(k);
                    long gain = fromAfter + blockScore(with) - fromNow - blockScore(target);
                    if (gain > bestGain) {
                        bestGain = gain;
                        bestTo = p;
                    }
                }
                if (bestTo >= 0) {
                    pools.get(from).remove(Integer.valueOf(k));
                    pools.get(bestTo).add(k);
                    moved = true;
                }
            }
            if (!moved) {
                return;
            }
        }
    }

    /** What merging pools a and b costs; Long.MAX_VALUE when they are of different vendor classes. */
    private long mergeLoss(int a, int b, long[] hosts, long[][] common) {
        // a pool's kinds share its first kind's vendor class, and pool a's first kind is kind a
        if (vendor[a] != vendor[b]) {
            return Long.MAX_VALUE;
        }
        return hosts[a] * bitCount(common[a]) + hosts[b] * bitCount(common[b])
                - (hosts[a] + hosts[b]) * bitCount(and(common[a], common[b]));
    }

    /** Hosts times common features of one pool; -1 when it mixes vendor classes. */
    private long blockScore(List<Integer> members) {
        if (members.isEmpty()) {
            return 0;
        }
        long[] common = features[members.get(0)].clone();
        long hosts = 0;
        for (int k : members) {
            if (vendor[k] != vendor[members.get(0)]) {
                return -1;
            }
            common = and(common, features[k]);
            hosts += weight[k];
        }
        return hosts * bitCount(common);
    }

    private long weightOf(int set) {
        long w = 0;
        for (int s = set; s != 0; s &= s - 1) {
            w += weight[Integer.numberOfTrailingZeros(s)];
        }
        return w;
    }

    private static long[] and(long[] a, long[] b) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] & b[i];
        }
        return out;
    }

    private static int bitCount(long[] words) {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }
}
