package org.pase4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pase4j.config.TrainConfig;
import org.pase4j.data.ChunkBatch;
import org.pase4j.model.PaseModel;
import org.pase4j.model.Targets;
import org.pase4j.model.WorkerSlot;

/**
 * One optimisation step of the whole model: forward of the encoder and every worker inside a single
 * gradient collector, backward of the combined loss, optional clipping of the global gradient norm,
 * then one Adam step for the encoder and one per worker (each with its own learning rate). A step
 * whose loss is not finite is skipped before the backward pass. Every temporary array lives in a
 * per-step manager that is closed at the end, so long training does not grow in native memory.
 */
public final class TrainStep {

    /** The key of the combined loss in the maps this class returns. */
    public static final String TOTAL = "total";

    private final PaseModel model;
    private final NDManager parameters;
    private final float clipNorm;
    private final Adam encoderOptimizer;
    private final Map<String, Adam> workerOptimizers = new LinkedHashMap<>();
    private final List<Parameter> trainable = new ArrayList<>();
    private Replicas replicas;

    /**
     * Creates the step.
     *
     * @param model an initialised model
     * @param parameters the manager that owns its parameters
     * @param encoderLearningRate the encoder's learning rate
     * @param workerLearningRate every worker's learning rate
     * @param clipNorm the largest global gradient norm, or 0 for no clipping
     */
    public TrainStep(PaseModel model, NDManager parameters, float encoderLearningRate, float workerLearningRate,
            float clipNorm) {
        this.model = model;
        this.parameters = parameters;
        this.clipNorm = clipNorm;
        encoderOptimizer = new Adam(model.encoder().getParameters(), encoderLearningRate);
        collect(model.encoder().getParameters());
        for (WorkerSlot w : model.workers()) {
            workerOptimizers.put(w.name(), new Adam(w.worker().getParameters(), workerLearningRate));
            collect(w.worker().getParameters());
        }
    }

    /**
     * Creates the step with a configuration's learning rates and clipping.
     *
     * @param model an initialised model
     * @param parameters the manager that owns its parameters
     * @param config {@code encoder_lr_start}, {@code worker_lr_start} and {@code grad_clip_norm}
     */
    public TrainStep(PaseModel model, NDManager parameters, TrainConfig config) {
        this(model, parameters, config.encoderLrStart(), config.workerLrStart(), config.gradClipNorm());
    }

    private void collect(Iterable<Pair<String, Parameter>> params) {
        for (Pair<String, Parameter> p : params) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p.getValue());
            }
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
     * Sets the learning rates of the next steps.
     *
     * @param encoder the encoder's
     * @param workers every worker's
     */
    public void setLearningRates(float encoder, float workers) {
        encoderOptimizer.setLearningRate(encoder);
        workerOptimizers.values().forEach(a -> a.setLearningRate(workers));
    }

    /**
     * Trains on one batch whose encoder input is its own clean samples, labelled here.
     *
     * @param batch the batch
     * @return each worker's loss and, under {@link #TOTAL}, the combined loss
     */
    public Map<String, Float> run(ChunkBatch batch) {
        try (NDManager step = parameters.newSubManager()) {
            Targets targets = Labelling.targets(model, batch, step);
            return train(List.of(new Part(model, step, batch.samples(), batch, targets)));
        }
    }

    /**
     * Trains on one batch prepared by the loader ({@link TrainingInputs}); its targets move to the step's
     * memory, freed when the step ends.
     *
     * @param input the batch, its encoder input and targets
     * @return each worker's loss and, under {@link #TOTAL}, the combined loss; when that is not finite
     *     the parameters were left unchanged
     */
    public Map<String, Float> run(TrainingInput input) {
        try (NDManager step = parameters.newSubManager(); input) {
            return train(List.of(part(model, step, input)));
        }
    }

    /**
     * Trains on one batch split among replicas ({@link TrainingInputs} makes the parts): part r runs forward and
     * backward on replica r with its loss weighted by its share of the triples, so that the gradients, summed on
     * replica 0, are those of the whole batch's mean loss (exactly so for a model without batch statistics);
     * then one optimiser step updates replica 0.
     *
     * @param parts the batch's parts, one per replica in replica order (a single part runs as {@link
     *     #run(TrainingInput)})
     * @return each worker's loss and, under {@link #TOTAL}, the combined loss, each the parts' weighted mean;
     *     when that is not finite the parameters were left unchanged
     * @throws IllegalArgumentException if there are more parts than replicas
     */
    public Map<String, Float> run(List<TrainingInput> parts) {
        if (parts.size() == 1) {
            return run(parts.get(0));
        }
        int available = replicas == null ? 1 : replicas.size();
        if (parts.size() > available) {
            parts.forEach(TrainingInput::close);
            throw new IllegalArgumentException(parts.size() + " parts for " + available + " replica(s)");
        }
        replicas.broadcast();
        List<NDManager> steps = new ArrayList<>();
        try {
            List<Part> split = new ArrayList<>();
            for (int r = 0; r < parts.size(); r++) {
                NDManager step = replicas.manager(r).newSubManager();
                steps.add(step);
                split.add(part(replicas.model(r), step, parts.get(r)));
            }
            return train(split);
        } finally {
            steps.forEach(NDManager::close);
            parts.forEach(TrainingInput::close);
        }
    }

    /**
     * Trains on batches split among replicas from now on.
     *
     * @param replicas the replicas, this step's model being replica 0
     */
    void setReplicas(Replicas replicas) {
        this.replicas = replicas;
    }

    /** One replica's share of a step: its model, the step's memory on its device, its input and targets. */
    private record Part(PaseModel model, NDManager step, float[] samples, ChunkBatch clean, Targets targets) {}

    /** A part of the loader's input, its targets moved to the step's memory. */
    private static Part part(PaseModel model, NDManager step, TrainingInput input) {
        input.targets().byWorker().values().forEach(target -> target.attach(step));
        return new Part(model, step, input.samples(), input.clean(), input.targets());
    }

    /**
     * Forward and backward of every part (a single one, or one per replica with its loss weighted by its share
     * of the triples), the replicas' gradients summed on replica 0, then the optimiser steps; nothing changes
     * when the combined loss is not finite.
     */
    private Map<String, Float> train(List<Part> parts) {
        int triples = parts.stream().mapToInt(p -> p.clean().size()).sum();
        Map<String, Float> out = new LinkedHashMap<>();
        List<NDArray> weighted = new ArrayList<>();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            for (Part p : parts) {
                NDArray x = p.step().create(p.samples(), new Shape(3L * p.clean().size(), 1, p.clean().chunkSize()));
                PaseModel.Losses losses = p.model().losses(new ParameterStore(p.step(), false), x, p.targets(), true);
                float share = p.clean().size() / (float) triples;
                floats(losses).forEach((name, loss) -> out.merge(name, share * loss, Float::sum));
                weighted.add(parts.size() == 1 ? losses.total() : losses.total().mul(share));
            }
            if (!Float.isFinite(out.get(TOTAL))) {
                return out;
            }
            weighted.forEach(collector::backward);
        }
        if (parts.size() > 1) {
            replicas.reduceGradients(parts.size(), parts.get(0).step());
        }
        update(parts.get(0).step());
        return out;
    }

    private void update(NDManager step) {
        if (clipNorm > 0) {
            clip(step);
        }
        encoderOptimizer.step();
        workerOptimizers.values().forEach(Adam::step);
    }

    /**
     * The losses of a batch in evaluation mode, without gradients or parameter changes.
     *
     * @param batch the batch
     * @return each worker's loss and the combined loss
     */
    public Map<String, Float> evaluate(ChunkBatch batch) {
        try (NDManager step = parameters.newSubManager()) {
            return floats(model.losses(new ParameterStore(step, false), batch.toNDArray(step),
                    Labelling.targets(model, batch, step), false));
        }
    }

    private static Map<String, Float> floats(PaseModel.Losses losses) {
        Map<String, Float> out = new LinkedHashMap<>();
        losses.workers().forEach((name, loss) -> out.put(name, loss.getFloat()));
        out.put(TOTAL, losses.total().getFloat());
        return out;
    }

    private void clip(NDManager step) {
        double squares = 0;
        for (Parameter p : trainable) {
            NDArray g = p.getArray().getGradient();
            g.attach(step);
            squares += g.square().sum().getFloat();
        }
        double norm = Math.sqrt(squares);
        if (norm > clipNorm) {
            float scale = (float) (clipNorm / (norm + 1e-6));
            for (Parameter p : trainable) {
                NDArray g = p.getArray().getGradient();
                g.attach(step);
                g.muli(scale);
            }
        }
    }
}
