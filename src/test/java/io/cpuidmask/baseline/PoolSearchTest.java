package io.cpuidmask.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The --split search: known answers, the exact search against brute force, the heuristic's bounds. */
class PoolSearchTest {

    private static long[] bits(int... set) {
        long[] w = {0};
        for (int b : set) {
            w[0] |= 1L << b;
        }
        return w;
    }

    private static PoolSearch random(Random r, int kinds, int vendors) {
        int[] vendor = new int[kinds];
        long[] weight = new long[kinds];
        long[][] features = new long[kinds][];
        for (int k = 0; k < kinds; k++) {
            vendor[k] = r.nextInt(vendors);
            weight[k] = 1 + r.nextInt(5);
            // nested-ish sets as CPU generations are, plus noise
            long base = (1L << (4 + r.nextInt(10))) - 1;
            features[k] = new long[] {base & ~(1L << r.nextInt(14)) | (long) r.nextInt(1 << 6) << 20};
        }
        return new PoolSearch(vendor, weight, features);
    }

    /** Best score over every set partition into at most maxPools pools (restricted growth strings); -1 when none. */
    private static long bruteForce(PoolSearch s, int maxPools) {
        int k = s.kinds();
        int[] a = new int[k];
        long best = -1;
        while (true) {
            int pools = Arrays.stream(a).max().orElse(-1) + 1;
            if (pools <= maxPools) {
                best = Math.max(best, s.score(a));
            }
            int i = k - 1;
            while (i > 0 && a[i] > Arrays.stream(a, 0, i).max().getAsInt()) {
                a[i--] = 0;
            }
            if (i <= 0) {
                return best;
            }
            a[i]++;
        }
    }

    private static int pools(int[] a) {
        return Arrays.stream(a).max().orElse(-1) + 1;
    }

    @Test
    void twoAlikeKindsShareAPoolAndTheOddOneGoesAlone() {
        PoolSearch s = new PoolSearch(new int[] {0, 0, 0}, new long[] {1, 1, 1},
                new long[][] {bits(1, 2, 3, 4), bits(1, 2, 3, 4), bits(1)});
        assertEquals(9, s.score(s.exact(2)), "2 hosts keep 4 features, 1 keeps 1");
        assertArrayEquals(new int[] {0, 0, 1}, s.exact(2));
        assertEquals(3, s.score(s.exact(1)), "one pool: 3 hosts keep the 1 common feature");
        assertEquals(9, s.aloneScore());
        assertEquals(3, s.score(s.perVendor()));
    }

    @Test
    void weightsCount() {
        // 5 hosts of a small CPU, 1 of a big one: with one pool the 5 lose nothing, so do not split them
        PoolSearch s = new PoolSearch(new int[] {0, 0, 0}, new long[] {5, 1, 1},
                new long[][] {bits(1, 2), bits(1, 2, 3, 4, 5, 6), bits(1, 2, 3, 4, 5)});
        assertArrayEquals(new int[] {0, 1, 1}, s.exact(2));
        assertEquals(5 * 2 + 2 * 5, s.score(s.exact(2)));
    }

    @Test
    void onEqualScoresFewerPoolsWin() {
        PoolSearch s = new PoolSearch(new int[] {0, 0}, new long[] {1, 1}, new long[][] {bits(1, 2), bits(1, 2)});
        assertArrayEquals(new int[] {0, 0}, s.exact(2));
    }

    @Test
    void vendorsNeverSharePool() {
        PoolSearch s = new PoolSearch(new int[] {0, 1}, new long[] {1, 1}, new long[][] {bits(1, 2), bits(1, 2)});
        assertNull(s.exact(1));
        assertNull(s.heuristic(1));
        assertEquals(-1, s.score(new int[] {0, 0}));
        assertArrayEquals(new int[] {0, 1}, s.exact(2));
    }

    @Test
    void exactEqualsBruteForceOnRandomInstances() {
        Random r = new Random(1616);
        for (int n = 0; n < 400; n++) {
            PoolSearch s = random(r, 1 + r.nextInt(8), 1 + r.nextInt(2));
            int maxPools = 1 + r.nextInt(4);
            long expected = bruteForce(s, maxPools);
            int[] found = s.exact(maxPools);
            if (expected < 0) {
                assertNull(found, "instance " + n);
                continue;
            }
            assertTrue(pools(found) <= maxPools, "instance " + n);
            assertEquals(expected, s.score(found), "instance " + n + ": " + Arrays.toString(found));
        }
    }

    @Test
    void heuristicLiesBetweenNoSplitAndTheOptimumAndMostlyReachesIt() {
        Random r = new Random(61);
        int optimal = 0;
        for (int n = 0; n < 300; n++) {
            PoolSearch s = random(r, 1 + r.nextInt(10), 1 + r.nextInt(2));
            int maxPools = s.vendorClasses() + r.nextInt(4);
            int[] h = s.heuristic(maxPools);
            long optimum = s.score(s.exact(maxPools));
            assertTrue(pools(h) <= maxPools, "instance " + n);
            assertTrue(s.score(h) >= s.score(s.perVendor()), "instance " + n + ": worse than no split");
            assertTrue(s.score(h) <= optimum, "instance " + n + ": better than the optimum?");
            optimal += s.score(h) == optimum ? 1 : 0;
        }
        // 282 as written; merging the costliest pair first reaches 232, skipping the moves 263
        assertTrue(optimal >= 270, optimal + " of 300 optimal");
    }

    @Test
    void heuristicOnManyKindsStaysValidAndNeverWorseThanNoSplit() {
        Random r = new Random(7);
        for (int n = 0; n < 20; n++) {
            PoolSearch s = random(r, 20 + r.nextInt(200), 1 + r.nextInt(3));
            int maxPools = s.vendorClasses() + r.nextInt(6);
            int[] h = s.heuristic(maxPools);
            assertTrue(pools(h) <= maxPools);
            long score = s.score(h);
            assertTrue(score >= s.score(s.perVendor()) && score <= s.aloneScore(), "instance " + n);
        }
    }

    @Test
    void heuristicFindsTheObviousSplit() {
        // two generations, three hosts each: the heuristic must not mix them
        PoolSearch s = new PoolSearch(new int[] {0, 0, 0, 0, 0, 0}, new long[] {1, 1, 1, 1, 1, 1},
                new long[][] {bits(1, 2), bits(1, 2, 3), bits(1, 2), bits(1, 2, 3, 4, 5, 6, 7), bits(1, 2, 3, 4, 5, 6), bits(1, 2, 3, 4, 5, 6, 8)});
        int[] h = s.heuristic(2);
        assertEquals(s.score(s.exact(2)), s.score(h));
        assertEquals(h[0], h[2]);
        assertEquals(h[3], h[4]);
        assertTrue(h[0] != h[3]);
    }
}
