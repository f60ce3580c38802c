package org.pase4j.train;

import ai.djl.ndarray.NDManager;
import org.pase4j.data.ChunkBatch;
import org.pase4j.model.Targets;

/**
 * One training batch, or one replica's part of it, made ready on the loader thread: the clean batch, the
 * encoder's input (the clean samples or a corrupted copy) and every worker's target, whose arrays belong to
 * {@code owner} until a step takes them. Closing it frees what no step took.
 *
 * @param clean the clean batch
 * @param samples the encoder input, {@code 3B × chunk} samples
 * @param targets the workers' targets, from the clean batch
 * @param owner the manager of the targets
 */
public record TrainingInput(ChunkBatch clean, float[] samples, Targets targets, NDManager owner)
        implements AutoCloseable {

    /** Frees the targets if no step took them. */
    @Override
    public void close() {
        owner.close();
    }
}
