package org.pase4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pase4j.data.ChunkBatch;
import org.pase4j.model.PaseModel;
import org.pase4j.model.WorkerSlot;

/**
 * One optimisation step of the whole model: forward of the encoder and every worker inside a single
 * gradient collector, backward of the combined loss, then one Adam step for the encoder and one per
 * worker (each with its own learning rate). Every temporary array lives in a per-step manager that is
 * closed at the end, so long training does not grow in native memory.
 */
public final class TrainStep {

    private final PaseModel model;
    private final NDManager parameters;
    private final Adam encoderOptimizer;
    private final Map<String, Adam> workerOptimizers = new LinkedHashMap<>();

    /**
     * Creates the step.
     *
     * @param model an initialised model
     * @param parameters the manager that owns its parameters
     * @param encoderLearningRate the encoder's learning rate
     * @param workerLearningRate every worker's learning rate
     */
    public TrainStep(PaseModel model, NDManager parameters, float encoderLearningRate, float workerLearningRate) {
        this.model = model;
        this.parameters = parameters;
        encoderOptimizer = new Adam(model.encoder().getParameters(), encoderLearningRate);
        for (WorkerSlot w : model.workers()) {
            workerOptimizers.put(w.name(), new Adam(w.worker().getParameters(), workerLearningRate));
        }
    }

    /** @return the encoder's optimiser */
    public Adam encoderOptimizer() {
        return encoderOptimizer;
    }

    /** @return each worker's optimiser, by worker name */
    public Map<String, Adam> workerOptimizers() {
        return workerOptimizers;
    }

    /**
     * Trains on one batch.
     *
     * @param batch the batch; its samples are the encoder input and its anchors the label source
     * @return each worker's loss and, under {@code "total"}, the combined loss
     */
    public Map<String, Float> run(ChunkBatch batch) {
        try (NDManager step = parameters.newSubManager()) {
            NDArray input = batch.toNDArray(step);
            Map<String, Float> out = new LinkedHashMap<>();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                PaseModel.Losses losses = model.losses(new ParameterStore(step, false), input, batch, true);
                collector.backward(losses.total());
                losses.workers().forEach((name, loss) -> out.put(name, loss.getFloat()));
                out.put("total", losses.total().getFloat());
            }
            encoderOptimizer.step();
            workerOptimizers.values().forEach(Adam::step);
            return out;
        }
    }
}
