package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * A transposed 1-D convolution with PyTorch's {@code nn.ConvTranspose1d} semantics and weight layout
 * {@code (in, out, kernel)}: output length {@code (L − 1)·stride + kernel − 2·padding}. DJL's PyTorch
 * engine lacks the deconvolution op, so it is computed in polyphase form as one ordinary convolution
 * with {@code out·stride} channels and kernel {@code ceil(kernel / stride)}, whose channels are
 * interleaved in time: the same arithmetic as the native op, without zero stuffing.
 */
public final class TransposedConv1d extends AbstractBlock {

    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int taps;
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
        this.taps = (kernel + stride - 1) / stride;
        float bound = (float) (1 / Math.sqrt(out * kernel));
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(in, out, kernel)).optInitializer(new UniformInitializer(bound)).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(out)).optInitializer(new UniformInitializer(bound)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDManager manager = x.getManager();
        long batch = x.getShape().get(0);
        long in = x.getShape().get(1);
        long length = x.getShape().get(2);
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        // (in, out, k) -> zero-pad k to taps*stride -> (out*stride, in, taps) with taps reversed
        NDArray padded = w.concat(manager.zeros(new Shape(in, out, (long) taps * stride - kernel), w.getDataType()), 2);
        NDArray phases = padded.reshape(in, out, taps, stride).transpose(1, 3, 0, 2)
                .reshape((long) out * stride, in, taps).flip(2);
        NDArray full = Conv1d.conv1d(x, phases, null, new Shape(1), new Shape(taps - 1), new Shape(1)).singletonOrThrow();
        long steps = length + taps - 1;
        NDArray y = full.reshape(batch, out, stride, steps).transpose(0, 1, 3, 2).reshape(batch, out, steps * stride);
        long outLength = (length - 1) * stride + kernel - 2L * padding;
        NDArray biasView = b.reshape(out, 1);
        biasView.attach(manager);
        return new NDList(y.get(":, :, " + padding + ":" + (padding + outLength)).add(biasView));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), out, (s.get(2) - 1) * stride + kernel - 2L * padding)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {}
}
