package org.pase4j.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The workers' frame-wise perceptron: 1×1 convolution → per-channel PReLU → 1×1 convolution, on
 * {@code (N, in, T)}.
 */
public final class Mlp extends AbstractBlock {

    private final Conv1d hidden;
    private final PRelu act;
    private final Conv1d out;

    /**
     * Creates the perceptron.
     *
     * @param in input channels
     * @param hiddenChannels hidden channels
     * @param outChannels output channels
     */
    public Mlp(int in, int hiddenChannels, int outChannels) {
        hidden = addChildBlock("hidden", Layers.conv(in, hiddenChannels, 1, 1, true));
        act = addChildBlock("act", new PRelu(hiddenChannels, 0.25f));
        out = addChildBlock("out", Layers.conv(hiddenChannels, outChannels, 1, 1, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return Layers.chain(ps, inputs, training, hidden, act, out);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return out.getOutputShapes(hidden.getOutputShapes(inputShapes));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape h = Layers.init(hidden, manager, dataType, inputShapes[0]);
        Layers.init(act, manager, dataType, h);
        Layers.init(out, manager, dataType, h);
    }
}
