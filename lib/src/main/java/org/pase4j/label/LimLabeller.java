package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.pase4j.data.ChunkBatch;

/**
 * The local info max (LIM) worker's target, one label per frame: {@code (2B, 1, chunkSize / 160)},
 * ones for the {@code B} (anchor, positive) pairs, then zeros for the {@code B} (anchor, negative) pairs.
 */
public final class LimLabeller implements Labeller {

    /** Creates the labeller. */
    public LimLabeller() {}

    /** {@inheritDoc} */
    @Override
    public NDArray label(ChunkBatch batch, NDManager manager) {
        return PairLabels.onesThenZeros(manager, batch.size(), Frames.count(batch.chunkSize()));
    }
}
