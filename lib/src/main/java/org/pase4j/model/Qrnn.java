package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A one-layer quasi-recurrent network with window 2 (Bradbury et al.), as the salesforce
 * {@code pytorch-qrnn} layer PASE uses, running on any device: gates come from one linear map of
 * {@code [x_t, x_{t-1}]} (here a width-2 convolution over a zero-padded past), then
 * {@code z = tanh}, {@code f, o = sigmoid}, {@code c_t = f_t·c_{t-1} + (1 − f_t)·z_t},
 * {@code h_t = o_t·c_t}. Input and output {@code (B, C, T)}. The salesforce layer keeps
 * {@code c_t = f_t·z_t + (1 − f_t)·c_{t-1}} instead: its forget gate is this one's {@code 1 − f}, which
 * {@code python/convert_official.py} obtains by negating that gate's weights and bias.
 */
public final class Qrnn extends AbstractBlock {

    private final int hidden;
    private final Conv1d gates;

    /**
     * Creates the layer.
     *
     * @param input input channels
     * @param hidden hidden units
     */
    public Qrnn(int input, int hidden) {
        this.hidden = hidden;
        gates = addChildBlock("gates", Layers.conv(input, 3 * hidden, 2, 1, true));
        // PyTorch's nn.Linear(2·input, 3·hidden) has fan-in 2·input, like this width-2 convolution.
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        NDManager manager = x.getManager();
        NDArray past = NDArrays.concat(new NDList(manager.zeros(new Shape(s.get(0), s.get(1), 1), x.getDataType()), x), 2);
        NDArray g = gates.forward(ps, new NDList(past), training).singletonOrThrow();
        NDArray z = g.get(":, 0:" + hidden).tanh();
        NDArray f = Activation.sigmoid(g.get(":, " + hidden + ":" + 2 * hidden));
        NDArray o = Activation.sigmoid(g.get(":, " + 2 * hidden + ":"));
        NDArray input = f.neg().add(1).mul(z);
        // split (not indexing) into time steps: its backward is one concatenation, where indexing would
        // write a full-size zero gradient for every step
        int steps = (int) s.get(2);
        NDList forget = f.split(steps, 2);
        NDList update = input.split(steps, 2);
        NDList states = new NDList(steps);
        NDArray c = update.get(0);
        states.add(c);
        for (int t = 1; t < steps; t++) {
            c = forget.get(t).mul(c).add(update.get(t));
            states.add(c);
        }
        return new NDList(NDArrays.concat(states, 2).mul(o));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), hidden, in.get(2))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Layers.init(gates, manager, dataType, new Shape(in.get(0), in.get(1), in.get(2) + 1));
    }
}
