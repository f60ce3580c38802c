package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * What the workers of one batch learn to predict, computed beside the data (by each worker's labeller from
 * the clean batch) and handed to {@link PaseModel#losses}, with the batch's place in the run, which seeds
 * the workers that draw random numbers ({@link Worker#beginBatch}).
 *
 * @param epoch the batch's epoch
 * @param index the batch's index in its epoch
 * @param byWorker each worker's raw target, by worker name (the model z-scores it when it has a normaliser)
 */
public record Targets(int epoch, int index, Map<String, NDArray> byWorker) {

    /** Keeps the map as given (its arrays stay owned by their manager). */
    public Targets {
        byWorker = Map.copyOf(byWorker);
    }
}
