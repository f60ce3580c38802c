package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.Set;
import org.pase4j.util.Options;

/**
 * Info-max discrimination between (anchor, positive) and (anchor, negative) pairs: the two embeddings
 * of a pair are concatenated along channels and an {@link Mlp} {@code 2·emb_dim → hidden → 1} gives
 * logits, scored by binary cross-entropy (positives first, label 1; negatives second, label 0).
 * {@code scope: local} (the recipe's {@code lim}) scores every frame; {@code scope: global}
 * ({@code gim}) averages each pair over time first and scores it once.
 */
public final class InfoMaxWorker extends PairWorker {

    private final boolean global;

    /**
     * Creates the worker.
     *
     * @param options {@code scope} ({@code local} or {@code global}), optional {@code hidden_channels}
     * @param embDim the encoder's output size
     */
    public InfoMaxWorker(Options options, int embDim) {
        super(2 * embDim, options.requireKnown(Set.of("class", "scope", "hidden_channels"))
                .integer("hidden_channels", 256));
        String scope = options.string("scope", "local");
        if (!scope.equals("local") && !scope.equals("global")) {
            throw new IllegalArgumentException(options.section() + ".scope: '" + scope + "', expected local or global");
        }
        global = scope.equals("global");
    }

    @Override
    protected NDArray pairs(NDArray embeddings) {
        long b = embeddings.getShape().get(0) / 3;
        NDArray anchor = embeddings.get("0:" + b);
        NDArray pairs = NDArrays.concat(new NDList(
                anchor.concat(embeddings.get(b + ":" + 2 * b), 1),
                anchor.concat(embeddings.get(2 * b + ":"), 1)), 0);
        return global ? pairs.mean(new int[] {2}, true) : pairs;
    }

    @Override
    protected Shape pairShape(Shape e) {
        return new Shape(2 * (e.get(0) / 3), 2 * e.get(1), global ? 1 : e.get(2));
    }
}
