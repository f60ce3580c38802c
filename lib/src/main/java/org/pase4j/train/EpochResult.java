package org.pase4j.train;

import java.util.Map;

/**
 * What one epoch of training produced.
 *
 * @param epoch the epoch, from 1
 * @param train mean training losses by worker name, and the combined loss under {@link TrainStep#TOTAL}
 * @param valid mean validation losses, keyed the same way
 * @param encoderLearningRate the encoder's learning rate in this epoch
 * @param workerLearningRate the workers' learning rate in this epoch
 * @param seconds how long the epoch took, validation included
 */
public record EpochResult(int epoch, Map<String, Double> train, Map<String, Double> valid, float encoderLearningRate,
        float workerLearningRate, double seconds) {

    /** Keeps unmodifiable copies of the loss maps, in their order. */
    public EpochResult {
        train = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(train));
        valid = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(valid));
    }
}
