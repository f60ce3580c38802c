package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.pase4j.data.ChunkBatch;

/** The LPS worker's target: {@link LogPowerSpectrum} of the anchors, {@code (B, 1025, chunkSize / 160)}. */
public final class LpsLabeller implements Labeller {

    /** Creates the labeller. */
    public LpsLabeller() {}

    /** {@inheritDoc} */
    @Override
    public NDArray label(ChunkBatch batch, NDManager manager) {
        return Anchors.feature(batch, manager, LogPowerSpectrum::compute);
    }
}
