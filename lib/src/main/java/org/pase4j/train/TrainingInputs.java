package org.pase4j.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.pase4j.audio.EnvironmentCorruptor;
import org.pase4j.data.ChunkBatch;
import org.pase4j.data.ChunkSampler;
import org.pase4j.model.PaseModel;
import org.pase4j.util.Seeds;

/**
 * The loader's side of training: each batch of an epoch with its encoder input (a corrupted copy when
 * {@code env_corrupt} is on; the targets always come from the clean batch) and every worker's target, made
 * lazily so that a {@link org.pase4j.data.BatchPrefetcher} computes them on its thread while the previous
 * step runs. Every draw is a function of (seed, epoch, batch), so a resumed run sees the same inputs.
 */
final class TrainingInputs {

    /** Distinguishes the corruption's random stream from the sampler's for the same batch. */
    private static final long CORRUPTION_STREAM = 0xC0;

    private final PaseModel model;
    private final EnvironmentCorruptor corruptor;
    private final long seed;
    private final Device device;

    /**
     * @param model the model whose labellers make the targets
     * @param corruptor the input corruption
     * @param seed the run seed
     * @param device where the targets are created
     */
    TrainingInputs(PaseModel model, EnvironmentCorruptor corruptor, long seed, Device device) {
        this.model = model;
        this.corruptor = corruptor;
        this.seed = seed;
        this.device = device;
    }

    /**
     * @param sampler the training batches
     * @param epoch the epoch
     * @return its inputs, each made when asked for
     */
    Iterator<TrainingInput> epoch(ChunkSampler sampler, int epoch) {
        Iterator<ChunkBatch> batches = sampler.epoch(epoch, 0);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public TrainingInput next() {
                return input(batches.next(), epoch);
            }
        };
    }

    private TrainingInput input(ChunkBatch batch, int epoch) {
        float[] samples = batch.samples();
        if (corruptor.isEnabled()) {
            samples = samples.clone();
            try {
                corruptor.corrupt(samples, 3 * batch.size(), batch.chunkSize(),
                        Seeds.stream(seed, epoch, batch.index(), CORRUPTION_STREAM));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        NDManager owner = NDManager.newBaseManager(device);
        try {
            return new TrainingInput(batch, samples, Labelling.targets(model, batch, owner), owner);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }
}
