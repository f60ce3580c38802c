package org.pase4j.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import org.pase4j.model.Encoder;
import org.pase4j.model.EncoderConfig;

/**
 * Floating-point operations of one encoder forward pass, counted from its architecture: every
 * convolution's multiply-adds (2 operations each), SincConv's included, plus the QRNN's gate
 * convolution and the skip projections (after time pooling, as pase4j computes them). BatchNorm,
 * activations, padding and the QRNN recursion are elementwise and left out, so the count is a lower
 * bound of the work and GFLOP/s computed from it is conservative.
 */
public final class EncoderFlops {

    private EncoderFlops() {}

    /**
     * Counts the operations of a forward pass.
     *
     * @param encoder an initialised encoder
     * @param batch waveforms in the batch
     * @param samples samples per waveform
     * @return the floating-point operations
     */
    public static long forward(Encoder encoder, long batch, long samples) {
        EncoderConfig c = encoder.config();
        List<Block> blocks = encoder.blocks();
        Shape shape = new Shape(batch, c.inChannels(), samples);
        long in = c.inChannels();
        long flops = 0;
        for (int i = 0; i < blocks.size(); i++) {
            shape = blocks.get(i).getOutputShapes(new Shape[] {shape})[0];
            long out = c.blocksChannels().get(i);
            flops += 2L * batch * shape.get(2) * out * in * c.blocksKernelSizes().get(i);
            in = out;
        }
        long frames = encoder.getOutputShapes(new Shape[] {new Shape(batch, c.inChannels(), samples)})[0].get(2);
        if (c.useQrnn()) {
            flops += 2L * batch * frames * 3L * c.qrnnHiddenNeurons() * in * 2;
            in = c.qrnnHiddenNeurons();
        }
        flops += 2L * batch * frames * c.embDim() * in * c.blocksKernelSizes().get(c.blocks());
        for (int i = 0; i < c.skipConns(); i++) {
            flops += 2L * batch * frames * c.embDim() * c.blocksChannels().get(i);
        }
        return flops;
    }
}
