package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Set;
import org.pase4j.util.Options;

/**
 * Info-max discrimination between (anchor, positive) and (anchor, negative) pairs: the two embeddings
 * of a pair are concatenated along channels and an {@link Mlp} {@code 2·emb_dim → hidden → 1} gives
 * logits, scored by binary cross-entropy (positives first, label 1; negatives second, label 0).
 * {@code scope: local} (the recipe's {@code lim}) scores every frame; {@code scope: global}
 * ({@code gim}) averages each pair over time first and scores it once.
 */
public final class InfoMaxWorker extends Worker {

    private final boolean global;
    private final Mlp mlp;

    /**
     * Creates the worker.
     *
     * @param options {@code scope} ({@code local} or {@code global}), optional {@code hidden_channels}
     * @param embDim the encoder's output size
     */
    public InfoMaxWorker(Options options, int embDim) {
        options.requireKnown(Set.of("class", "scope", "hidden_channels"));
        String scope = options.string("scope", "local");
        if (!scope.equals("local") && !scope.equals("global")) {
            throw new IllegalArgumentException(options.section() + ".scope: '" + scope + "', expected local or global");
        }
        global = scope.equals("global");
        mlp = addChildBlock("mlp", new Mlp(2 * embDim, options.integer("hidden_channels", 256), 1));
    }

    @Override
    protected NDArray predict(ParameterStore ps, NDArray embeddings, boolean training) {
        long b = embeddings.getShape().get(0) / 3;
        NDArray anchor = embeddings.get("0:" + b);
        NDArray pairs = NDArrays.concat(new NDList(
                anchor.concat(embeddings.get(b + ":" + 2 * b), 1),
                anchor.concat(embeddings.get(2 * b + ":"), 1)), 0);
        if (global) {
            pairs = pairs.mean(new int[] {2}, true);
        }
        return mlp.forward(ps, new NDList(pairs), training).singletonOrThrow();
    }

    @Override
    public NDArray loss(NDArray prediction, NDArray target) {
        return binaryCrossEntropy(prediction, target);
    }

    private Shape pairShape(Shape e) {
        return new Shape(2 * (e.get(0) / 3), 2 * e.get(1), global ? 1 : e.get(2));
    }

    @Override
    protected void initializeFor(NDManager manager, DataType dataType, Shape e) {
        Layers.init(mlp, manager, dataType, pairShape(e));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return mlp.getOutputShapes(new Shape[] {pairShape(inputShapes[0])});
    }
}
