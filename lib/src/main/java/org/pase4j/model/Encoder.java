package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The PASE encoder: waveform {@code (B, 1, T)} → embeddings {@code (B, emb_dim, ⌈T / hop⌉)} with the
 * recipe's padding (the official PASE layouts, whose padding drops a started last hop, give
 * {@code ⌊⌈T / 10⌉ / 16⌋}: the same for multiples of 160); with the recipe's configuration 16000
 * samples become 100 frames of 100 dimensions (hop 160 = 10 ms).
 *
 * <p>Blocks of reflect padding → convolution → BatchNorm → PReLU (the first a {@link SincConv}), an
 * optional {@link Qrnn}, a 1×1 output projection, optional skip connections (a bias-free 1×1
 * projection of every block's output, or of all but the last block's with the official PASE+ layout,
 * averaged over time down to the output frame rate, summed into the projection; computed as pooling
 * then projection, which is the same thing and far cheaper), and a BatchNorm without affine parameters.
 */
public final class Encoder extends AbstractBlock {

    private final EncoderConfig config;
    private final List<ConvBlock> blocks = new ArrayList<>();
    private final List<Conv1d> skips = new ArrayList<>();
    private final List<Integer> skipPoolFactors = new ArrayList<>();
    private final Qrnn qrnn;
    private final Conv1d output;
    private final BatchNorm outputNorm;

    /**
     * Builds an encoder (parameters are created by {@link #initialize}).
     *
     * @param config the architecture
     */
    public Encoder(EncoderConfig config) {
        this.config = config;
        int in = config.inChannels();
        int stridesSoFar = 1;
        for (int i = 0; i < config.blocks(); i++) {
            int out = config.blocksChannels().get(i);
            int k = config.blocksKernelSizes().get(i);
            int stride = config.blocksStrides().get(i);
            int[] pad = ReceptiveField.padding(config, i);
            PRelu act = config.perChannelPrelu() ? new PRelu(out, 0f) : new PRelu(1, 0.25f);
            ConvBlock block = i == 0 && config.useSincnet()
                    ? new ConvBlock(new SincConv(out, k, config.sincMelStartHz(), stride, pad[0], pad[1]), 0, 0, act,
                            config.batchNorm())
                    : new ConvBlock(Layers.conv(in, out, k, stride, true), pad[0], pad[1], act, config.batchNorm());
            blocks.add(addChildBlock("block" + i, block));
            stridesSoFar *= stride;
            if (i < config.skipConns()) {
                skips.add(addChildBlock("skip" + i, Layers.conv(out, config.embDim(), 1, 1, false)));
                skipPoolFactors.add(config.hop() / stridesSoFar);
            }
            in = out;
        }
        qrnn = config.useQrnn() ? addChildBlock("qrnn", new Qrnn(in, config.qrnnHiddenNeurons())) : null;
        int last = config.blocksChannels().size() - 1;
        output = addChildBlock("output", Layers.conv(config.useQrnn() ? config.qrnnHiddenNeurons() : in,
                config.embDim(), config.blocksKernelSizes().get(last), config.blocksStrides().get(last), true));
        outputNorm = config.batchNorm() ? addChildBlock("output_norm", Layers.batchNorm(false)) : null;
    }

    /** @return the architecture */
    public EncoderConfig config() {
        return config;
    }

    /** @return the convolution blocks, first to last */
    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        long frames = getOutputShapes(new Shape[] {input.getShape()})[0].get(2);
        // Intermediate results are closed as soon as they are used (autograd keeps what backward needs), so
        // that later layers reuse their memory; the input and skips still to be projected stay open.
        List<NDArray> pooledSkips = new ArrayList<>();
        NDArray x = input;
        for (int i = 0; i < blocks.size(); i++) {
            NDArray y = blocks.get(i).forward(ps, new NDList(x), training).singletonOrThrow();
            release(x, input, pooledSkips);
            if (i < skips.size()) {
                // A bias-free 1x1 convolution commutes with time averaging: pooling first is exact and avoids
                // projecting every sample of the early, high-rate blocks.
                pooledSkips.add(timePool(y, frames, skipPoolFactors.get(i)));
            }
            x = y;
        }
        if (qrnn != null) {
            NDArray h = qrnn.forward(ps, new NDList(x), training).singletonOrThrow();
            release(x, input, pooledSkips);
            x = h;
        }
        NDArray y = output.forward(ps, new NDList(x), training).singletonOrThrow();
        release(x, input, pooledSkips);
        for (int i = 0; i < pooledSkips.size(); i++) {
            NDArray projected = skips.get(i).forward(ps, new NDList(pooledSkips.get(i)), training).singletonOrThrow();
            NDArray sum = y.add(projected);
            y.close();
            projected.close();
            y = sum;
        }
        pooledSkips.forEach(NDArray::close);
        if (outputNorm == null) {
            return new NDList(y);
        }
        NDList out = outputNorm.forward(ps, new NDList(y), training);
        y.close();
        return out;
    }

    /** Closes an intermediate result unless it is the input or a pooled skip (pooling by 1 is the identity). */
    private static void release(NDArray x, NDArray input, List<NDArray> pooledSkips) {
        if (x != input && pooledSkips.stream().noneMatch(p -> p == x)) {
            x.close();
        }
    }

    /**
     * Averages {@code (B, E, T)} over {@code frames} consecutive groups of {@code factor} steps, the
     * block's steps per output frame. Steps after the last group are dropped. Padding rounds every
     * block's length up, so the last group may run past a block's end (e.g. 16001 samples: 101 frames,
     * but 201 steps at stride 80): it averages the steps there are.
     *
     * @param skip a block's output
     * @param frames the output's frames
     * @param factor the block's steps per output frame
     * @return {@code (B, E, frames)}
     */
    static NDArray timePool(NDArray skip, long frames, long factor) {
        Shape s = skip.getShape();
        long steps = s.get(2);
        if (steps >= frames * factor) {
            if (factor == 1 && steps == frames) {
                return skip;
            }
            NDArray whole = steps == frames * factor ? skip : skip.get(":, :, 0:" + frames * factor);
            return whole.reshape(s.get(0), s.get(1), frames, factor).mean(new int[] {3});
        }
        long whole = frames - 1;
        if (steps <= whole * factor) {
            throw new IllegalStateException("a skip connection has " + steps + " steps for " + frames + " frames of "
                    + factor + " steps, expected more than " + whole * factor);
        }
        NDArray last = skip.get(":, :, " + whole * factor + ":").mean(new int[] {2}, true);
        return whole == 0 ? last
                : skip.get(":, :, 0:" + whole * factor).reshape(s.get(0), s.get(1), whole, factor).mean(new int[] {3})
                        .concat(last, 2);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        for (ConvBlock block : blocks) {
            s = block.getOutputShapes(new Shape[] {s})[0];
        }
        if (qrnn != null) {
            s = qrnn.getOutputShapes(new Shape[] {s})[0];
        }
        return output.getOutputShapes(new Shape[] {s});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        List<Shape> blockOutputs = new ArrayList<>();
        for (ConvBlock block : blocks) {
            s = Layers.init(block, manager, dataType, s);
            blockOutputs.add(s);
        }
        if (qrnn != null) {
            s = Layers.init(qrnn, manager, dataType, s);
        }
        s = Layers.init(output, manager, dataType, s);
        for (int i = 0; i < skips.size(); i++) {
            Shape b = blockOutputs.get(i);
            Layers.init(skips.get(i), manager, dataType, new Shape(b.get(0), b.get(1), s.get(2)));
        }
        if (outputNorm != null) {
            Layers.init(outputNorm, manager, dataType, s);
        }
    }
}
