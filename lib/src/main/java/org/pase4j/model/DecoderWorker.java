package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.SequentialBlock;
import java.util.List;
import java.util.Set;
import org.pase4j.util.Options;

/**
 * The waveform decoder: transposed convolutions (kernel 30, strides 4, 4, 10, channels 512, 256, 128,
 * each → BatchNorm → per-channel PReLU initialised at 0) upsample the anchor embeddings back to the
 * sample rate, then 1×1 convolution → PReLU → 1×1 convolution to one channel. Scored by mean absolute
 * error against the clean anchor waveform. Options: {@code channels}, {@code kernel_sizes},
 * {@code strides}, {@code lin_neurons}.
 */
public final class DecoderWorker extends AnchorWorker {

    /**
     * Creates the worker.
     *
     * @param options optional {@code channels}, {@code kernel_sizes}, {@code strides}, {@code lin_neurons}
     * @param embDim the encoder's output size
     */
    public DecoderWorker(Options options, int embDim) {
        super(network(options, embDim));
    }

    private static SequentialBlock network(Options options, int embDim) {
        SequentialBlock net = new Chain();
        options.requireKnown(Set.of("class", "channels", "kernel_sizes", "strides", "lin_neurons"));
        List<Integer> channels = options.integers("channels", List.of(512, 256, 128));
        List<Integer> kernels = options.integers("kernel_sizes", List.of(30, 30, 30));
        List<Integer> strides = options.integers("strides", List.of(4, 4, 10));
        if (kernels.size() != channels.size() || strides.size() != channels.size()) {
            throw new IllegalArgumentException(options.section() + ": channels, kernel_sizes and strides have "
                    + channels.size() + ", " + kernels.size() + " and " + strides.size() + " entries, expected equal");
        }
        int in = embDim;
        for (int i = 0; i < channels.size(); i++) {
            int k = kernels.get(i);
            int s = strides.get(i);
            net.add(new TransposedConv1d(in, channels.get(i), k, s, Math.max(0, (k - s) / 2)))
                    .add(Layers.batchNorm(true))
                    .add(new PRelu(channels.get(i), 0f));
            in = channels.get(i);
        }
        int lin = options.integer("lin_neurons", 256);
        net.add(Layers.conv(channels.get(channels.size() - 1), lin, 1, 1, true))
                .add(new PRelu(lin, 0.25f))
                .add(Layers.conv(lin, 1, 1, 1, true));
        return net;
    }

    @Override
    public NDArray loss(NDArray prediction, NDArray target) {
        return prediction.sub(target).abs().mean();
    }
}
