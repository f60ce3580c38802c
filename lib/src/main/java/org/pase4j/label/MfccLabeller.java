package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.pase4j.data.ChunkBatch;

/** The MFCC worker's target: {@link Mfcc} of the anchors, {@code (B, 20, chunkSize / 160)}. */
public final class MfccLabeller implements Labeller {

    /** Creates the labeller. */
    public MfccLabeller() {}

    /** {@inheritDoc} */
    @Override
    public NDArray label(ChunkBatch batch, NDManager manager) {
        return Anchors.feature(batch, manager, Mfcc::compute);
    }
}
