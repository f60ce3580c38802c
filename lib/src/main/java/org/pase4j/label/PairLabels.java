package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.pase4j.util.HostArrays;

/** Binary targets of the classifier workers: ones for the first {@code B} pairs, zeros for the next {@code B}. */
final class PairLabels {

    private PairLabels() {}

    /**
     * @param manager the owner of the result
     * @param pairs {@code B}, the number of positive (and of negative) pairs
     * @param frames labels per pair
     * @return float32 {@code (2B, 1, frames)}: ones then zeros
     */
    static NDArray onesThenZeros(NDManager manager, int pairs, int frames) {
        float[] labels = new float[2 * pairs * frames];
        Arrays.fill(labels, 0, pairs * frames, 1f);
        return HostArrays.of(manager, labels, new Shape(2L * pairs, 1, frames));
    }
}
