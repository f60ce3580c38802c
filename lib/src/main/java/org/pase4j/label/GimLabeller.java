package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.pase4j.data.ChunkBatch;

/**
 * The global info max (GIM) worker's target, one label per pair: {@code (2B, 1, 1)}, ones for the
 * {@code B} (anchor, positive) pairs, then zeros for the {@code B} (anchor, negative) pairs.
 */
public final class GimLabeller implements Labeller {

    /** Creates the labeller. */
    public GimLabeller() {}

    /** {@inheritDoc} */
    @Override
    public NDArray label(ChunkBatch batch, NDManager manager) {
        return PairLabels.onesThenZeros(manager, batch.size(), 1);
    }
}
