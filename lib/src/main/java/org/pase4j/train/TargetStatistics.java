package org.pase4j.train;

import ai.djl.ndarray.NDManager;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pase4j.data.ChunkBatch;
import org.pase4j.data.ChunkSampler;
import org.pase4j.label.TargetNormalizer;
import org.pase4j.model.PaseModel;
import org.pase4j.model.WorkerSlot;
import org.slf4j.LoggerFactory;

/** The z-score statistics of every regressor's target ({@code normalize_targets}), from training batches. */
final class TargetStatistics {

    /** Batches of the training split whose regression targets set the statistics. */
    static final int BATCHES = 16;

    private TargetStatistics() {}

    /**
     * Estimates the statistics on the batches of a dedicated epoch stream (-1) and gives them to the model.
     *
     * @param model the model, whose regressors get a normaliser each
     * @param train the training sampler
     * @param manager owns the statistics
     */
    static void estimate(PaseModel model, ChunkSampler train, NDManager manager) {
        Map<String, TargetNormalizer.Estimator> estimators = new LinkedHashMap<>();
        model.workers().stream().filter(w -> w.kind().equals("regressor"))
                .forEach(w -> estimators.put(w.name(), new TargetNormalizer.Estimator()));
        Iterator<ChunkBatch> batches = train.epoch(-1, 0);
        for (int i = 0; i < BATCHES && batches.hasNext(); i++) {
            ChunkBatch batch = batches.next();
            try (NDManager scope = manager.newSubManager()) {
                for (WorkerSlot w : model.workers()) {
                    TargetNormalizer.Estimator e = estimators.get(w.name());
                    if (e != null) {
                        e.add(w.labeller().label(batch, scope));
                    }
                }
            }
        }
        estimators.forEach((name, e) -> model.setNormalizer(name, e.build(manager)));
        LoggerFactory.getLogger(TargetStatistics.class).info("z-scoring the targets of {}", estimators.keySet());
    }
}
