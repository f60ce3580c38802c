package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Parametric ReLU, {@code max(x, 0) + a · min(x, 0)}, with either one slope shared by all channels
 * (PyTorch's {@code nn.PReLU()}, the recipe's encoder) or one slope per channel
 * ({@code nn.PReLU(C)}, the official PASE and the recipe's workers). DJL's own {@code Prelu} has only
 * a shared slope and DJL's PyTorch engine lacks the op: libtorch's kernel runs through {@link NativeOps}.
 */
public final class PRelu extends AbstractBlock {

    private final Parameter alpha;

    /**
     * Creates the activation.
     *
     * @param slopes 1 for a shared slope, else the channel count
     * @param init the initial slope (PyTorch: 0.25; official PASE: 0)
     */
    public PRelu(int slopes, float init) {
        if (slopes < 1) {
            throw new IllegalArgumentException("PReLU with " + slopes + " slopes, expected >= 1");
        }
        alpha = addParameter(Parameter.builder().setName("alpha").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(slopes)).optInitializer(Layers.constant(init)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(NativeOps.prelu(x, ps.getValue(alpha, x.getDevice(), training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
