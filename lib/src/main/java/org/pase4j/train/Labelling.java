package org.pase4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pase4j.data.ChunkBatch;
import org.pase4j.model.PaseModel;
import org.pase4j.model.Targets;
import org.pase4j.model.WorkerSlot;

/** Every worker's target for a batch, made by its labeller from the clean chunks, beside the data. */
public final class Labelling {

    private Labelling() {}

    /**
     * Labels a batch for every worker of a model.
     *
     * @param model the model whose labellers run
     * @param batch the clean batch
     * @param manager owns the targets
     * @return the raw targets with the batch's epoch and index
     */
    public static Targets targets(PaseModel model, ChunkBatch batch, NDManager manager) {
        Map<String, NDArray> byWorker = new LinkedHashMap<>();
        for (WorkerSlot w : model.workers()) {
            byWorker.put(w.name(), w.labeller().label(batch, manager));
        }
        return new Targets(batch.epoch(), batch.index(), byWorker);
    }
}
