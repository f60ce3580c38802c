package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.pase4j.data.ChunkBatch;

/**
 * The sequence predictive coding (SPC) worker's target, one label per anchor and context:
 * {@code (2B, 1, 1)}, ones for the {@code B} (anchor frame, future frames) examples, then zeros for
 * the {@code B} (anchor frame, past frames) examples.
 */
public final class SpcLabeller implements Labeller {

    /** Creates the labeller. */
    public SpcLabeller() {}

    /** {@inheritDoc} */
    @Override
    public NDArray label(ChunkBatch batch, NDManager manager) {
        return PairLabels.onesThenZeros(manager, batch.size(), 1);
    }
}
