package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.Set;
import java.util.SplittableRandom;
import org.pase4j.util.Options;
import org.pase4j.util.Seeds;

/**
 * Sequence predictive coding on the anchor embeddings: one anchor frame {@code a} (shared by the batch,
 * uniform in {@code [30, T − 30)}) is paired with the {@code context} frames ending at a future frame
 * {@code p ∈ [a + 15, min(T − 5, a + 50))} (label 1) and with those ending at a past frame
 * {@code n ∈ [max(5, a − 50), a − 15)} (label 0); an {@link Mlp}
 * {@code (1 + context)·emb_dim → hidden → 1} scores each pair by binary cross-entropy. Needs at least
 * 61 frames. The positions are drawn from a generator seeded by (option {@code seed}, epoch, batch).
 */
public final class SpcWorker extends PairWorker {

    private final int context;
    private final long seed;
    private SplittableRandom rng;

    /**
     * Creates the worker.
     *
     * @param options optional {@code context} (5), {@code hidden_channels} (256), {@code seed} (0)
     * @param embDim the encoder's output size
     */
    public SpcWorker(Options options, int embDim) {
        super((1 + options.requireKnown(Set.of("class", "context", "hidden_channels", "seed")).integer("context", 5))
                * embDim, options.integer("hidden_channels", 256));
        context = options.integer("context", 5);
        seed = options.integer("seed", 0);
        rng = Seeds.stream(seed);
    }

    @Override
    public void beginBatch(int epoch, int index) {
        rng = Seeds.stream(seed, epoch, index);
    }

    /**
     * The frames of one batch's pairs.
     *
     * @param anchor the anchor frame
     * @param future the last frame of the positive context
     * @param past the last frame of the negative context
     */
    public record Positions(int anchor, int future, int past) {}

    /**
     * Draws the next pairs' frames from the generator of the current batch ({@link #beginBatch}), as the
     * next forward pass does: after {@code beginBatch(epoch, index)} the first call returns the positions that
     * batch's forward pass uses.
     *
     * @param frames the chunks' frames (at least 61)
     * @return the positions
     * @throws IllegalArgumentException if there are too few frames
     */
    public Positions positions(int frames) {
        if (frames < 61) {
            throw new IllegalArgumentException("spc needs at least 61 frames per chunk, got " + frames);
        }
        int a = 30 + rng.nextInt(frames - 60);
        int p = a + 15 + rng.nextInt(Math.min(frames - 5, a + 50) - (a + 15));
        int n = Math.max(5, a - 50) + rng.nextInt(a - 15 - Math.max(5, a - 50));
        return new Positions(a, p, n);
    }

    @Override
    protected NDArray pairs(NDArray embeddings) {
        NDArray anchor = anchors(embeddings);
        long b = anchor.getShape().get(0);
        long e = anchor.getShape().get(1);
        Positions at = positions((int) anchor.getShape().get(2));
        NDArray center = anchor.get(":, :, " + at.anchor() + ":" + (at.anchor() + 1));
        NDList pairs = new NDList(2);
        for (int end : new int[] {at.future(), at.past()}) {
            NDArray frames = anchor.get(":, :, " + (end - context + 1) + ":" + (end + 1))
                    .transpose(0, 2, 1).reshape(b, context * e, 1);
            pairs.add(center.concat(frames, 1));
        }
        return NDArrays.concat(pairs, 0);
    }

    @Override
    protected Shape pairShape(Shape e) {
        return new Shape(2 * (e.get(0) / 3), (1 + context) * e.get(1), 1);
    }
}
