package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * A transposed 1-D convolution with PyTorch's {@code nn.ConvTranspose1d} semantics and weight layout
 * {@code (in, out, kernel)}: output length {@code (L − 1)·stride + kernel − 2·padding}. DJL's PyTorch
 * engine lacks the deconvolution op; libtorch's own kernel runs through {@link NativeOps}.
 */
public final class TransposedConv1d extends AbstractBlock {

    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Creates the layer, initialised like PyTorch (uniform in ±1/√(out·kernel)).
     *
     * @param in input channels
     * @param out output channels
     * @param kernel kernel width
     * @param stride upsampling factor
     * @param padding samples removed from each end of the output
     */
    public TransposedConv1d(int in, int out, int kernel, int stride, int padding) {
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        float bound = (float) (1 / Math.sqrt(out * kernel));
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(in, out, kernel)).optInitializer(new UniformInitializer(bound)).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(out)).optInitializer(new UniformInitializer(bound)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(NativeOps.convTranspose1d(x, ps.getValue(weight, x.getDevice(), training),
                ps.getValue(bias, x.getDevice(), training), stride, padding));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), out, (s.get(2) - 1) * stride + kernel - 2L * padding)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {}
}
