package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.pase4j.data.ChunkBatch;

/**
 * The prosody worker's target: {@link Prosody} of the anchors, {@code (B, 4, chunkSize / 160)} with
 * channels log F0, voiced flag, RMS energy and zero-crossing rate.
 */
public final class ProsodyLabeller implements Labeller {

    /** Creates the labeller. */
    public ProsodyLabeller() {}

    /** {@inheritDoc} */
    @Override
    public NDArray label(ChunkBatch batch, NDManager manager) {
        return Anchors.feature(batch, manager, Prosody::compute);
    }
}
