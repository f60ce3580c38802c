package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.pase4j.data.ChunkBatch;

/**
 * Computes a worker's training target from the clean batch. Implementations are named by class in
 * train.yaml ({@code <worker>_labeller}) and need a public no-argument constructor.
 */
public interface Labeller {

    /**
     * Computes the target of a batch.
     *
     * @param batch the clean batch (anchors are rows {@code 0..B-1})
     * @param manager the manager that owns the result
     * @return the target array, channels-first
     */
    NDArray label(ChunkBatch batch, NDManager manager);
}
