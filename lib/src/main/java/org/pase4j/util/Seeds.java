package org.pase4j.util;

import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Derives independent, reproducible random streams from a run seed and a path of indices (epoch,
 * batch, ...), so that results do not depend on the order in which threads draw numbers.
 */
public final class Seeds {

    private Seeds() {}

    /**
     * A random stream for one place in a run.
     *
     * @param seed the run seed
     * @param path indices that identify the place, e.g. {@code epoch, batch}
     * @return a generator that depends only on {@code seed} and {@code path}
     */
    public static SplittableRandom stream(long seed, long... path) {
        long state = mix(seed ^ 0x5DEECE66DL);
        for (long p : path) {
            state = mix(state + 0x9E3779B97F4A7C15L * (p + 1));
        }
        return new SplittableRandom(state);
    }

    /**
     * Shuffles a list in place (Fisher-Yates).
     *
     * @param list the list
     * @param rng the random source
     * @param <T> the element type
     */
    public static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, rng.nextInt(i + 1));
        }
    }

    /**
     * A random permutation of {@code 0..n-1}.
     *
     * @param n the size
     * @param rng the random source
     * @return the permutation
     */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** SplitMix64's finaliser: a bijective, well-mixing map of 64-bit values. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
