package org.pase4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.pase4j.audio.Chunks;
import org.pase4j.util.Seeds;

/**
 * Draws PASE training triples from one split. Each epoch visits every utterance once, in an order
 * shuffled per epoch; for each, the anchor and the positive are two independent random
 * {@code chunkSize} crops of it, and the negative is a random crop of a random utterance of a
 * <em>different</em> speaker of the same split. Short utterances are reflect-padded. With a speed jitter
 * ({@link #withSpeedJitter}) every crop is resampled by its own random factor, shifting pitch and formants
 * together, so that the anchor and the positive of one utterance no longer share its pitch.
 *
 * <p>Everything is a pure function of (seed, epoch, batch index), so a run is reproducible whichever
 * thread loads the data, and a resumed run draws the same batches as an uninterrupted one.
 */
public final class ChunkSampler {

    private final List<Utterance> utterances;
    private final int chunkSize;
    private final int batchSize;
    private final long seed;
    private final AudioCache audio;
    private final double speedJitterCents;

    /**
     * Creates a sampler.
     *
     * @param utterances the split (at least two speakers)
     * @param chunkSize samples per chunk, e.g. 16000
     * @param batchSize triples per batch
     * @param seed the run seed
     * @param audio where decoded audio comes from
     */
    public ChunkSampler(List<Utterance> utterances, int chunkSize, int batchSize, long seed, AudioCache audio) {
        this(utterances, chunkSize, batchSize, seed, audio, 0);
    }

    private ChunkSampler(List<Utterance> utterances, int chunkSize, int batchSize, long seed, AudioCache audio,
            double speedJitterCents) {
        if (utterances.isEmpty()) {
            throw new IllegalArgumentException("cannot sample from an empty split");
        }
        if (utterances.stream().map(Utterance::speaker).distinct().count() < 2) {
            throw new IllegalArgumentException("negatives need at least two speakers in the split, found one: "
                    + utterances.get(0).speaker());
        }
        if (chunkSize < 1 || batchSize < 1) {
            throw new IllegalArgumentException("chunk_size " + chunkSize + " and batch_size " + batchSize
                    + ", expected both >= 1");
        }
        if (!(speedJitterCents >= 0 && speedJitterCents <= 1200)) {
            throw new IllegalArgumentException("speed jitter " + speedJitterCents + " cents, expected in [0, 1200]");
        }
        this.utterances = List.copyOf(utterances);
        this.chunkSize = chunkSize;
        this.batchSize = batchSize;
        this.seed = seed;
        this.audio = audio;
        this.speedJitterCents = speedJitterCents;
    }

    /**
     * The same sampler with every crop played at a random speed: a crop of {@code chunkSize · r} samples is
     * resampled to {@code chunkSize}, with {@code r = 2^(u · cents / 1200)} and {@code u} uniform in [-1, 1]
     * per crop, which raises or lowers pitch and formants by up to {@code cents}.
     *
     * @param cents the largest shift, in cents (0: none)
     * @return the jittered sampler
     * @throws IllegalArgumentException if {@code cents} is not in [0, 1200]
     */
    public ChunkSampler withSpeedJitter(double cents) {
        return new ChunkSampler(utterances, chunkSize, batchSize, seed, audio, cents);
    }

    /** @return batches per epoch (the last one may be smaller) */
    public int batchesPerEpoch() {
        return (utterances.size() + batchSize - 1) / batchSize;
    }

    /**
     * The batches of one epoch, loaded lazily on the calling thread (wrap in a {@link BatchPrefetcher}
     * to load ahead on a background thread).
     *
     * @param epoch the epoch number (any int; the shuffle depends on it)
     * @param firstBatch the first batch to produce (0 for a whole epoch; more to resume inside an epoch)
     * @return an iterator over the batches; audio errors surface as {@link UncheckedIOException}
     */
    public Iterator<ChunkBatch> epoch(int epoch, int firstBatch) {
        int[] order = shuffled(epoch);
        return new Iterator<>() {
            private int next = firstBatch;

            @Override
            public boolean hasNext() {
                return next < batchesPerEpoch();
            }

            @Override
            public ChunkBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    return batch(epoch, next++, order);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private int[] shuffled(int epoch) {
        return Seeds.permutation(utterances.size(), Seeds.stream(seed, epoch));
    }

    private ChunkBatch batch(int epoch, int index, int[] order) throws IOException {
        int from = index * batchSize;
        int b = Math.min(batchSize, order.length - from);
        SplittableRandom rng = Seeds.stream(seed, epoch, index);
        float[] samples = new float[3 * b * chunkSize];
        List<Utterance> anchors = new ArrayList<>(b);
        List<Utterance> negatives = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            Utterance u = utterances.get(order[from + i]);
            float[] wav = audio.get(u.path());
            crop(wav, rng, samples, i * chunkSize);
            crop(wav, rng, samples, (b + i) * chunkSize);
            Utterance neg;
            do {
                neg = utterances.get(rng.nextInt(utterances.size()));
            } while (neg.speaker().equals(u.speaker()));
            crop(audio.get(neg.path()), rng, samples, (2 * b + i) * chunkSize);
            anchors.add(u);
            negatives.add(neg);
        }
        return new ChunkBatch(epoch, index, chunkSize, samples, anchors, negatives);
    }

    private void crop(float[] wav, SplittableRandom rng, float[] out, int offset) {
        if (speedJitterCents == 0) {
            Chunks.randomCrop(wav, chunkSize, rng, out, offset);
            return;
        }
        double rate = Math.pow(2, (2 * rng.nextDouble() - 1) * speedJitterCents / 1200);
        float[] span = new float[Math.max(2, (int) Math.ceil((chunkSize - 1) * rate) + 1)];
        Chunks.randomCrop(wav, span.length, rng, span, 0);
        Chunks.resample(span, rate, out, offset, chunkSize);
    }
}
