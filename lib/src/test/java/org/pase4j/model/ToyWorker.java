package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.pase4j.util.Options;

/** A worker that exists only in the tests: predicts each anchor's mean embedding from itself (linear); open to test doubles. */
public class ToyWorker extends Worker {

    private final Linear linear;

    /**
     * Creates the worker.
     *
     * @param options {@code class} only
     * @param embDim the encoder's output size
     */
    public ToyWorker(Options options, int embDim) {
        linear = addChildBlock("linear", Linear.builder().setUnits(options.integer("units", 1)).build());
    }

    @Override
    protected NDArray predict(ParameterStore ps, NDArray embeddings, boolean training) {
        NDArray pooled = anchors(embeddings).mean(new int[] {2});
        return linear.forward(ps, new NDList(pooled), training).singletonOrThrow();
    }

    @Override
    public NDArray loss(NDArray prediction, NDArray target) {
        return prediction.sub(target).square().mean();
    }

    @Override
    protected void initializeFor(NDManager manager, DataType dataType, Shape e) {
        linear.initialize(manager, dataType, new Shape(e.get(0) / 3, e.get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0) / 3, 1)};
    }
}
