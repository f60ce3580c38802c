package org.pase4j.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link SequentialBlock} that closes every intermediate result as soon as the next block has used it
 * ({@link Layers#chain}), so that long chains of large activations, like the waveform decoder's, reuse
 * memory within a step.
 */
final class Chain extends SequentialBlock {

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return Layers.chain(ps, inputs, training, getChildren().values().toArray(new Block[0]));
    }
}
