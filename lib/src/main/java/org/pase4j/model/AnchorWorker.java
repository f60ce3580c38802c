package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * A worker whose network reads only the anchor embeddings {@code (B, emb_dim, frames)}, as the
 * regressors do; subclasses give the network and the loss.
 */
public abstract class AnchorWorker extends Worker {

    private final Block net;

    /**
     * Creates the worker around its network.
     *
     * @param net the network applied to the anchor embeddings
     */
    protected AnchorWorker(Block net) {
        this.net = addChildBlock("net", net);
    }

    private static Shape anchorShape(Shape e) {
        return new Shape(e.get(0) / 3, e.get(1), e.get(2));
    }

    @Override
    protected final NDArray predict(ParameterStore ps, NDArray embeddings, boolean training) {
        return net.forward(ps, new NDList(anchors(embeddings)), training).singletonOrThrow();
    }

    @Override
    protected final void initializeFor(NDManager manager, DataType dataType, Shape embeddings) {
        Layers.init(net, manager, dataType, anchorShape(embeddings));
    }

    @Override
    public final Shape[] getOutputShapes(Shape[] inputShapes) {
        return net.getOutputShapes(new Shape[] {anchorShape(inputShapes[0])});
    }
}
