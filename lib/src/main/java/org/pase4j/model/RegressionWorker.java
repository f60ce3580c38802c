package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.pase4j.util.Options;

/**
 * A frame-wise regressor on the anchor embeddings ({@link Mlp} {@code emb_dim → hidden → out}), scored
 * by mean squared error: the recipe's {@code mfcc} (20 outputs), {@code prosody} (4) and {@code lps}
 * (1025) workers. Options: {@code out_channels} (required), {@code hidden_channels} (256).
 */
public final class RegressionWorker extends AnchorWorker {

    /**
     * Creates the worker.
     *
     * @param options {@code out_channels}, optional {@code hidden_channels}
     * @param embDim the encoder's output size
     */
    public RegressionWorker(Options options, int embDim) {
        super(new Mlp(embDim, options.requireKnown(Set.of("class", "out_channels", "hidden_channels"))
                .integer("hidden_channels", 256), outChannels(options)));
    }

    private static int outChannels(Options options) {
        if (!options.values().containsKey("out_channels")) {
            throw new IllegalArgumentException(options.section() + ": missing key 'out_channels'");
        }
        return options.integer("out_channels", 0);
    }

    @Override
    public NDArray loss(NDArray prediction, NDArray target) {
        return prediction.sub(target).square().mean();
    }
}
