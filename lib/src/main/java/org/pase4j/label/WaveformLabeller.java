package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.pase4j.data.ChunkBatch;

/** The decoder worker's target: the clean anchor waveform itself, {@code (B, 1, chunkSize)}, unscaled. */
public final class WaveformLabeller implements Labeller {

    /** Creates the labeller. */
    public WaveformLabeller() {}

    /** {@inheritDoc} */
    @Override
    public NDArray label(ChunkBatch batch, NDManager manager) {
        return Anchors.of(batch, manager, new Shape(batch.size(), 1, batch.chunkSize()));
    }
}
