package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Set;
import org.pase4j.util.Options;

/**
 * A frame-wise regressor on the anchor embeddings ({@link Mlp} {@code emb_dim → hidden → out}), scored
 * by mean squared error: the recipe's {@code mfcc} (20 outputs), {@code prosody} (4) and {@code lps}
 * (1025) workers. Options: {@code out_channels} (required), {@code hidden_channels} (256).
 */
public final class RegressionWorker extends Worker {

    private final Mlp mlp;

    /**
     * Creates the worker.
     *
     * @param options {@code out_channels}, optional {@code hidden_channels}
     * @param embDim the encoder's output size
     */
    public RegressionWorker(Options options, int embDim) {
        options.requireKnown(Set.of("class", "out_channels", "hidden_channels"));
        if (!options.values().containsKey("out_channels")) {
            throw new IllegalArgumentException(options.section() + ": missing key 'out_channels'");
        }
        mlp = addChildBlock("mlp", new Mlp(embDim, options.integer("hidden_channels", 256),
                options.integer("out_channels", 0)));
    }

    @Override
    protected NDArray predict(ParameterStore ps, NDArray embeddings, boolean training) {
        return mlp.forward(ps, new NDList(anchors(embeddings)), training).singletonOrThrow();
    }

    @Override
    public NDArray loss(NDArray prediction, NDArray target) {
        return prediction.sub(target).square().mean();
    }

    @Override
    protected void initializeFor(NDManager manager, DataType dataType, Shape e) {
        Layers.init(mlp, manager, dataType, new Shape(e.get(0) / 3, e.get(1), e.get(2)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape e = inputShapes[0];
        return mlp.getOutputShapes(new Shape[] {new Shape(e.get(0) / 3, e.get(1), e.get(2))});
    }
}
