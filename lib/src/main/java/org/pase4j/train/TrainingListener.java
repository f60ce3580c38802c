package org.pase4j.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * Follows a training run, like DJL's {@code TrainingListener}: the progress bar, {@code losses.csv} and a
 * notebook's live plot are listeners. Every method does nothing by default; they are called on the training
 * thread, in the order declared here, and {@link #onTrainingEnd} also after a failure.
 */
public interface TrainingListener {

    /**
     * An epoch starts.
     *
     * @param epoch the epoch, from 1
     * @param batches its training batches
     */
    default void onEpochBegin(int epoch, int batches) {}

    /**
     * A training step ended.
     *
     * @param epoch the epoch
     * @param batch the batch's index in the epoch, from 0
     * @param losses each worker's loss and the combined one under {@link TrainStep#TOTAL} (not finite when
     *     the step was skipped)
     */
    default void onTrainingBatch(int epoch, int batch, Map<String, Float> losses) {}

    /**
     * An epoch ended, its validation pass included.
     *
     * @param result its mean losses, learning rates and duration
     */
    default void onEpoch(EpochResult result) {}

    /**
     * A checkpoint was written.
     *
     * @param epoch the epoch it holds
     * @param checkpoint its folder
     */
    default void onCheckpoint(int epoch, Path checkpoint) {}

    /** The run ended, normally or by an exception. */
    default void onTrainingEnd() {}
}
