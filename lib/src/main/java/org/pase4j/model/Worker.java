package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A self-supervised worker: a small network that reads the encoder's output for a whole batch,
 * {@code (3B, emb_dim, frames)} stacked as {@code [anchor; positive; negative]}, makes a prediction,
 * and scores it against its labeller's target.
 *
 * <p>A new worker is a subclass with a public constructor {@code (Options options, int embDim)}, named
 * in train.yaml as {@code <name>_model: {class: ..., <options>}} together with a
 * {@code <name>_labeller} and an entry under {@code workers_config.regressor} or {@code .classifier};
 * nothing else changes.
 */
public abstract class Worker extends AbstractBlock {

    /**
     * Predicts from the encoder output.
     *
     * @param ps the parameter store
     * @param embeddings {@code (3B, emb_dim, frames)}
     * @param training whether this is a training pass
     * @return the prediction, shaped like the labeller's target
     */
    protected abstract NDArray predict(ParameterStore ps, NDArray embeddings, boolean training);

    /**
     * The worker's loss.
     *
     * @param prediction the output of {@link #predict}
     * @param target the labeller's target
     * @return a scalar
     */
    public abstract NDArray loss(NDArray prediction, NDArray target);

    /**
     * Called before the worker sees a batch; workers that draw random numbers seed them here from the
     * batch's epoch and index, so that runs and resumed runs draw the same numbers.
     *
     * @param epoch the batch's epoch
     * @param index the batch's index in its epoch
     */
    public void beginBatch(int epoch, int index) {}

    /**
     * Initialises the worker's children for an encoder output shape.
     *
     * @param manager the parameter manager
     * @param dataType the data type
     * @param embeddings {@code (3B, emb_dim, frames)}
     */
    protected abstract void initializeFor(NDManager manager, DataType dataType, Shape embeddings);

    @Override
    protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(predict(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    protected final void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        initializeFor(manager, dataType, inputShapes[0]);
    }

    /**
     * The anchor rows of a stacked batch.
     *
     * @param embeddings {@code (3B, ...)}
     * @return {@code (B, ...)}
     */
    protected static NDArray anchors(NDArray embeddings) {
        return embeddings.get("0:" + embeddings.getShape().get(0) / 3);
    }

    /**
     * Binary cross-entropy on logits, averaged (PyTorch's {@code BCEWithLogitsLoss}), computed stably as
     * {@code max(z, 0) − z·y + log(1 + exp(−|z|))}.
     *
     * @param logits predictions
     * @param target 0/1 targets of the same shape
     * @return a scalar
     */
    protected static NDArray binaryCrossEntropy(NDArray logits, NDArray target) {
        return logits.maximum(0).sub(logits.mul(target)).add(logits.abs().neg().exp().add(1).log()).mean();
    }
}
