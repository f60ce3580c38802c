package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.pase4j.data.ChunkBatch;

/**
 * Computes one worker's target from the <em>clean</em> batch (before any environment corruption of
 * the encoder's input). Targets are channels-first and on the {@link Frames} grid: regressors get
 * {@code (B, channels, T / 160)} from the {@code B} anchors, classifiers get labels for the
 * {@code 2B} (anchor, positive) then (anchor, negative) pairs.
 *
 * <p>Implementations are named by class in {@code train.yaml}, so each has a public no-arg
 * constructor, and they are stateless: one instance may serve every batch.
 */
public interface Labeller {

    /**
     * Computes the target of one batch.
     *
     * @param batch the clean batch, {@code [anchor; positive; negative]}
     * @param manager the manager that will own the result
     * @return the target, owned by {@code manager}
     */
    NDArray label(ChunkBatch batch, NDManager manager);
}
