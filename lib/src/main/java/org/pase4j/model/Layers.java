package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;

/**
 * Building blocks shared by the encoder and the workers: PyTorch-initialised convolutions,
 * PyTorch-style batch normalisation, and reflect padding.
 */
public final class Layers {

    private Layers() {}

    /**
     * A 1-D convolution initialised like PyTorch's {@code nn.Conv1d} (weights and bias uniform in
     * ±1/√(in·k)), without padding.
     *
     * @param in input channels
     * @param out output channels
     * @param kernel kernel width
     * @param stride stride
     * @param bias whether it has a bias
     * @return the block
     */
    public static Conv1d conv(int in, int out, int kernel, int stride, boolean bias) {
        Conv1d conv = Conv1d.builder().setFilters(out).setKernelShape(new Shape(kernel)).optStride(new Shape(stride))
                .optBias(bias).build();
        torchInit(conv, in * kernel);
        return conv;
    }

    private static void torchInit(Block block, int fanIn) {
        float bound = (float) (1 / Math.sqrt(fanIn));
        block.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
        block.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
    }

    /**
     * Batch normalisation over channels with PyTorch's defaults (momentum 0.1, ε 1e-5).
     *
     * @param affine whether it learns a scale and a shift
     * @return the block
     */
    public static BatchNorm batchNorm(boolean affine) {
        return BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).optCenter(affine).optScale(affine).build();
    }

    /**
     * Pads the last axis by mirror reflection without repeating the edge (PyTorch's {@code reflect}).
     *
     * @param x an array {@code (B, C, T)} (or {@code (C, T)}) with {@code T > max(left, right)}
     * @param left samples added before
     * @param right samples added after
     * @return an array {@code (B, C, left + T + right)}
     */
    public static NDArray reflectPad(NDArray x, int left, int right) {
        if (left == 0 && right == 0) {
            return x;
        }
        long t = x.getShape().tail();
        if (left >= t || right >= t) {
            throw new IllegalArgumentException("reflect padding of " + left + "+" + right + " needs more than "
                    + Math.max(left, right) + " samples, got " + t);
        }
        return NativeOps.reflectionPad(x, left, right);
    }

    /**
     * Runs blocks one after the other, closing every intermediate result as soon as the next block has
     * used it (the input and the result are left alone). Autograd keeps what the backward pass needs;
     * the rest goes back to the allocator at once instead of at the end of the step, so the next
     * layers reuse warm memory instead of faulting in fresh pages.
     *
     * @param ps the parameter store
     * @param input the first block's input
     * @param training whether this is a training pass
     * @param blocks the blocks, in order
     * @return the last block's output
     */
    public static NDList chain(ParameterStore ps, NDList input, boolean training, Block... blocks) {
        NDList x = input;
        for (Block block : blocks) {
            NDList y = block.forward(ps, x, training);
            if (x != input) {
                x.close();
            }
            x = y;
        }
        return x;
    }

    /**
     * Initialises a child block and returns its output shape.
     *
     * @param child the block
     * @param manager the parameter manager
     * @param type the data type
     * @param input the child's input shape
     * @return the child's output shape
     */
    static Shape init(Block child, NDManager manager, DataType type, Shape input) {
        child.initialize(manager, type, input);
        return child.getOutputShapes(new Shape[] {input})[0];
    }

    /** An initialiser that fills with a constant. */
    static Initializer constant(float value) {
        return (manager, shape, dataType) -> manager.full(shape, value, dataType);
    }
}
