package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One encoder block: reflect padding → convolution (or {@link SincConv}) → BatchNorm (unless turned off) →
 * {@link PRelu}.
 */
public final class ConvBlock extends AbstractBlock {

    private final Block conv;
    private final BatchNorm norm;
    private final PRelu act;
    private final int padLeft;
    private final int padRight;

    /**
     * Creates a block around a convolution that does no padding of its own.
     *
     * @param conv the convolution, or a {@link SincConv} that pads itself
     * @param padLeft reflect padding before the signal (0 for SincConv)
     * @param padRight reflect padding after the signal (0 for SincConv)
     * @param act the activation
     * @param batchNorm whether a BatchNorm follows the convolution
     */
    ConvBlock(Block conv, int padLeft, int padRight, PRelu act, boolean batchNorm) {
        this.conv = addChildBlock("conv", conv);
        this.norm = batchNorm ? addChildBlock("bn", Layers.batchNorm(true)) : null;
        this.act = addChildBlock("act", act);
        this.padLeft = padLeft;
        this.padRight = padRight;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray in = inputs.singletonOrThrow();
        NDArray padded = Layers.reflectPad(in, padLeft, padRight);
        NDList y = norm == null ? Layers.chain(ps, new NDList(padded), training, conv, act)
                : Layers.chain(ps, new NDList(padded), training, conv, norm, act);
        if (padded != in) {
            padded.close();
        }
        return y;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return conv.getOutputShapes(new Shape[] {new Shape(in.get(0), in.get(1), in.get(2) + padLeft + padRight)});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape out = Layers.init(conv, manager, dataType, new Shape(in.get(0), in.get(1), in.get(2) + padLeft + padRight));
        if (norm != null) {
            Layers.init(norm, manager, dataType, out);
        }
        Layers.init(act, manager, dataType, out);
    }
}
