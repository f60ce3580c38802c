package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * A worker that scores {@code 2B} pairs built from the embeddings with an {@link Mlp} giving one logit
 * each, by binary cross-entropy: the positive pairs first (label 1), then the negative ones (label 0).
 * Subclasses say how the pairs are made.
 */
public abstract class PairWorker extends Worker {

    private final Mlp mlp;

    /**
     * Creates the worker.
     *
     * @param pairChannels channels of one pair's input
     * @param hiddenChannels hidden channels of the perceptron
     */
    protected PairWorker(int pairChannels, int hiddenChannels) {
        mlp = addChildBlock("mlp", new Mlp(pairChannels, hiddenChannels, 1));
    }

    /**
     * Builds the pairs.
     *
     * @param embeddings {@code (3B, emb_dim, frames)}
     * @return {@code (2B, channels, length)}: positives, then negatives
     */
    protected abstract NDArray pairs(NDArray embeddings);

    /**
     * The shape {@link #pairs} returns.
     *
     * @param embeddings the embeddings' shape
     * @return the pairs' shape
     */
    protected abstract Shape pairShape(Shape embeddings);

    @Override
    protected final NDArray predict(ParameterStore ps, NDArray embeddings, boolean training) {
        return mlp.forward(ps, new NDList(pairs(embeddings)), training).singletonOrThrow();
    }

    @Override
    public final NDArray loss(NDArray prediction, NDArray target) {
        return binaryCrossEntropy(prediction, target);
    }

    @Override
    protected final void initializeFor(NDManager manager, DataType dataType, Shape embeddings) {
        Layers.init(mlp, manager, dataType, pairShape(embeddings));
    }

    @Override
    public final Shape[] getOutputShapes(Shape[] inputShapes) {
        return mlp.getOutputShapes(new Shape[] {pairShape(inputShapes[0])});
    }
}
