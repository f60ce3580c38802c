package org.pase4j.notebook;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.pase4j.data.ChunkBatch;
import org.pase4j.io.ModelFiles;
import org.pase4j.model.PaseModel;

/**
 * How well a trained regression worker predicts its target on a batch, for a notebook to print and draw:
 * the mean squared error over the batch beside that of the best constant (the batch's mean target), and the
 * first chunk's prediction and target as matrices.
 * <pre>{@code
 * WorkerPrediction mfcc = WorkerPrediction.of(checkpoint, "mfcc", validBatch);
 * System.out.println(mfcc.mse() + " against " + mfcc.constantMse());
 * }</pre>
 * A ratio {@code mse / constantMse} near 1 means the prediction carries little of the target's movement;
 * near 0, most of it. Targets are compared in the space the worker learnt them (z-scored with
 * {@code normalize_targets}).
 *
 * @param worker the worker's name
 * @param utterance the id of the first chunk's utterance
 * @param predicted the first chunk's prediction, {@code [channel][frame]}
 * @param target the first chunk's target, {@code [channel][frame]}
 * @param mse the mean squared error of the prediction over the whole batch
 * @param constantMse the mean squared error of predicting the batch's mean target everywhere
 */
public record WorkerPrediction(String worker, String utterance, float[][] predicted, float[][] target, double mse,
        double constantMse) {

    /**
     * Loads a checkpoint and runs its encoder and one worker on a batch in evaluation mode.
     *
     * @param checkpoint a checkpoint folder, a training run's output folder (its newest checkpoint) or a
     *     {@code .npz} file exported with its workers
     * @param worker a regression worker's name, e.g. {@code mfcc}
     * @param batch the batch, e.g. a validation batch
     * @return the prediction and the errors
     * @throws IOException if the checkpoint cannot be read
     * @throws IllegalArgumentException if there is no such worker or it does not predict
     *     {@code (batch, channels, frames)}
     */
    public static WorkerPrediction of(Path checkpoint, String worker, ChunkBatch batch) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            return of(ModelFiles.loadModel(checkpoint, manager), worker, batch, manager);
        }
    }

    /**
     * Runs a model's encoder and one worker on a batch in evaluation mode.
     *
     * @param model the model
     * @param worker a regression worker's name
     * @param batch the batch
     * @param manager owns the intermediate arrays
     * @return the prediction and the errors
     * @throws IllegalArgumentException if there is no such worker or it does not predict
     *     {@code (batch, channels, frames)}
     */
    public static WorkerPrediction of(PaseModel model, String worker, ChunkBatch batch, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            PaseModel.Prediction p = model.predict(worker, batch, scope);
            if (p.prediction().getShape().dimension() != 3 || !p.prediction().getShape().equals(p.target().getShape())) {
                throw new IllegalArgumentException("worker " + worker + " predicts " + p.prediction().getShape()
                        + " for a target of " + p.target().getShape()
                        + ": expected both (batch, channels, frames), a regression worker");
            }
            NDArray target = p.target();
            double mse = p.prediction().sub(target).square().mean().getFloat();
            double constant = target.sub(target.mean()).square().mean().getFloat();
            return new WorkerPrediction(worker, batch.utterances().get(0).id(), Notebooks.rows(p.prediction().get(0)),
                    Notebooks.rows(target.get(0)), mse, constant);
        }
    }

    /**
     * The first chunk's prediction and target on the target's scale per channel: both centred and divided
     * by each target channel's mean and standard deviation over the chunk's frames, so that one colour scale
     * shows every channel (MFCC coefficient 0 would otherwise wash out the others). The errors stay as they
     * are.
     *
     * @return a copy with standardised matrices
     */
    public WorkerPrediction standardisedByTarget() {
        float[][] p = new float[target.length][];
        float[][] t = new float[target.length][];
        for (int r = 0; r < target.length; r++) {
            double mean = 0;
            for (float v : target[r]) {
                mean += v / target[r].length;
            }
            double var = 0;
            for (float v : target[r]) {
                var += (v - mean) * (v - mean) / target[r].length;
            }
            double sd = Math.sqrt(var) + 1e-6;
            p[r] = new float[target[r].length];
            t[r] = new float[target[r].length];
            for (int c = 0; c < target[r].length; c++) {
                p[r][c] = (float) ((predicted[r][c] - mean) / sd);
                t[r][c] = (float) ((target[r][c] - mean) / sd);
            }
        }
        return new WorkerPrediction(worker, utterance, p, t, mse, constantMse);
    }
}
