package org.pase4j.model;

/**
 * Which samples an {@link Encoder}'s output frames depend on, worked out from its
 * {@link EncoderConfig}: every block's kernel, stride and reflect padding, the {@link Qrnn} (causal: a
 * step sees itself and the steps before), the output projection (no padding) and the skip connections'
 * time pooling. Every block reflects its input at the utterance's end, so three questions about that
 * end have exact answers here:
 * <ul>
 *   <li>{@link #minSamples()}: the shortest utterance the encoder takes (each block's reflect padding
 *       needs a longer input than it pads);</li>
 *   <li>{@link #tailFrames(long)}: how many final frames read the reflect padding of some block, or a
 *       skip's last, partial pooling group. These frames, and only these, change when the utterance is
 *       followed by something, e.g. the zero padding of a batch; the QRNN runs forward only, so it
 *       carries nothing from what follows back to earlier frames;</li>
 *   <li>{@link #lookahead()}: how far past the end those frames read: followed by at least that many
 *       zeros, an utterance gets the same frames whatever comes after the zeros.</li>
 * </ul>
 * The beginning of an utterance is reflected too, but the same way alone and in a batch.
 */
public final class ReceptiveField {

    private final int[] kernels;
    private final int[] strides;
    private final int[] padLeft;
    private final int[] padRight;
    private final int[] skipFactors;
    private final int outputKernel;
    private final int outputStride;
    private final int hop;

    private ReceptiveField(EncoderConfig config) {
        int blocks = config.blocks();
        kernels = new int[blocks];
        strides = new int[blocks];
        padLeft = new int[blocks];
        padRight = new int[blocks];
        skipFactors = new int[config.skipConns()];
        int stridesSoFar = 1;
        for (int i = 0; i < blocks; i++) {
            kernels[i] = config.blocksKernelSizes().get(i);
            strides[i] = config.blocksStrides().get(i);
            int[] pad = padding(config, i);
            padLeft[i] = pad[0];
            padRight[i] = pad[1];
            stridesSoFar *= strides[i];
            if (i < skipFactors.length) {
                skipFactors[i] = config.hop() / stridesSoFar;
            }
        }
        outputKernel = config.blocksKernelSizes().get(blocks);
        outputStride = config.blocksStrides().get(blocks);
        hop = config.hop();
    }

    /**
     * @param config the encoder's architecture
     * @return its receptive field
     */
    public static ReceptiveField of(EncoderConfig config) {
        return new ReceptiveField(config);
    }

    /**
     * The reflect padding of a block: with {@code recipe} padding {@code k/2} on both sides for a strided
     * block and {@code (k − 1)/2} otherwise; with {@code official} padding {@code (k/2 − 1, k/2)} for a
     * strided block or an even kernel.
     *
     * @param config the architecture
     * @param block the block's index
     * @return {@code {left, right}} padding in steps of the block's input
     */
    static int[] padding(EncoderConfig config, int block) {
        int k = config.blocksKernelSizes().get(block);
        int stride = config.blocksStrides().get(block);
        if (config.padding().equals("official")) {
            return stride > 1 || k % 2 == 0 ? new int[] {k / 2 - 1, k / 2} : new int[] {k / 2, k / 2};
        }
        return stride > 1 ? new int[] {k / 2, k / 2} : new int[] {(k - 1) / 2, (k - 1) / 2};
    }

    /** @return the fewest samples an utterance needs: every block's input longer than its reflect padding */
    public int minSamples() {
        int samples = 1;
        while (!fits(lengths(samples))) {
            samples++;
        }
        return samples;
    }

    private boolean fits(long[] lengths) {
        for (int i = 0; i < kernels.length; i++) {
            if (lengths[i] <= Math.max(padLeft[i], padRight[i])) {
                return false;
            }
        }
        return frames(lengths) >= 1;
    }

    /**
     * How many final frames of an utterance see past its end: a frame does when, at some block, the input
     * steps its output step reads include the reflect padding after the input's end, or when a skip's
     * pooling group of the frame runs past the end of that block's output. Alone, these frames read the
     * utterance's reflection; zero-padded at its end in a batch, they read the padding instead.
     *
     * @param samples the utterance's length, at least {@link #minSamples()}
     * @return the number of final frames that depend on what follows the utterance, at most all
     *     {@code ⌈samples / hop⌉} of them
     * @throws IllegalArgumentException if the utterance is shorter than {@link #minSamples()}
     */
    public int tailFrames(long samples) {
        long[] lengths = lengths(samples);
        if (!fits(lengths)) {
            throw new IllegalArgumentException("an utterance of " + samples + " samples, expected at least "
                    + minSamples() + " for this encoder's reflect padding");
        }
        long frames = frames(lengths);
        int tail = 0;
        while (tail < frames && !frameIsInside(frames - 1 - tail, lengths)) {
            tail++;
        }
        return tail;
    }

    /**
     * The most samples after an utterance's end that its frames read, over every alignment of the end to a
     * hop, counting each block's window and skip pooling group as if the input went on: what an
     * utterance's frames see of what follows it. Zero padding at least this long after an utterance gives
     * it the frames of the utterance followed by silence, whatever comes after the padding.
     *
     * @return the number of samples; 0 if no frame reads past the end
     */
    public int lookahead() {
        int start = minSamples();
        long most = 0;
        for (long samples = start; samples < start + hop; samples++) {
            long lastFrame = frames(lengths(samples)) - 1;
            long last = lastSample(kernels.length - 1, lastFrame * outputStride + outputKernel - 1);
            for (int i = 0; i < skipFactors.length; i++) {
                last = Math.max(last, lastSample(i, (lastFrame + 1) * skipFactors[i] - 1));
            }
            most = Math.max(most, last - (samples - 1));
        }
        return (int) most;
    }

    /** The last input sample a block's output step reads, the input going on past its end. */
    private long lastSample(int block, long step) {
        for (int i = block; i >= 0; i--) {
            step = step * strides[i] - padLeft[i] + kernels[i] - 1;
        }
        return step;
    }

    /** Input lengths of every block, then the blocks' output length (the QRNN keeps it). */
    private long[] lengths(long samples) {
        long[] lengths = new long[kernels.length + 1];
        lengths[0] = samples;
        for (int i = 0; i < kernels.length; i++) {
            lengths[i + 1] = Math.floorDiv(lengths[i] + padLeft[i] + padRight[i] - kernels[i], strides[i]) + 1;
        }
        return lengths;
    }

    private long frames(long[] lengths) {
        return Math.floorDiv(lengths[kernels.length] - outputKernel, outputStride) + 1;
    }

    private boolean frameIsInside(long frame, long[] lengths) {
        if (!stepIsInside(kernels.length - 1, frame * outputStride + outputKernel - 1, lengths)) {
            return false;
        }
        for (int i = 0; i < skipFactors.length; i++) {
            if (!stepIsInside(i, (frame + 1) * skipFactors[i] - 1, lengths)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a block's output step depends on its input alone: it exists, and its window, and the windows
     * of the earlier steps it reads, end before each block's reflect padding. Windows grow to the right
     * with the step, so the last step of the window decides.
     */
    private boolean stepIsInside(int block, long step, long[] lengths) {
        for (int i = block; i >= 0; i--) {
            if (step >= lengths[i + 1]) {
                return false;
            }
            step = step * strides[i] - padLeft[i] + kernels[i] - 1;
        }
        return step < lengths[0];
    }
}
