package org.pase4j.util;

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

    /** SplitMix64's finaliser: a bijective, well-mixing map of 64-bit values. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
