package org.pase4j.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.pase4j.audio.EnvironmentCorruptor;
import org.pase4j.data.ChunkBatch;
import org.pase4j.data.ChunkSampler;
import org.pase4j.model.PaseModel;
import org.pase4j.util.Seeds;

/**
 * The loader's side of training: each batch of an epoch with its encoder input (a corrupted copy when
 * {@code env_corrupt} is on; the targets always come from the clean batch) and every worker's target, made
 * lazily so that a {@link org.pase4j.data.BatchPrefetcher} computes them on its thread while the previous
 * step runs. With several devices a batch comes in parts, one per replica: consecutive triples, the first parts
 * one triple larger when the batch does not divide evenly, each part's targets on its replica's device. Every
 * draw is a function of (seed, epoch, batch), so a resumed run sees the same inputs, and the corruption is drawn
 * for the whole batch, so it does not depend on the number of devices.
 */
final class TrainingInputs {

    /** Distinguishes the corruption's random stream from the sampler's for the same batch. */
    private static final long CORRUPTION_STREAM = 0xC0;

    private final PaseModel model;
    private final EnvironmentCorruptor corruptor;
    private final long seed;
    private final List<Device> devices;

    /**
     * @param model the model whose labellers make the targets
     * @param corruptor the input corruption
     * @param seed the run seed
     * @param devices every replica's device, where its part's targets are created
     */
    TrainingInputs(PaseModel model, EnvironmentCorruptor corruptor, long seed, List<Device> devices) {
        this.model = model;
        this.corruptor = corruptor;
        this.seed = seed;
        this.devices = List.copyOf(devices);
    }

    /**
     * @param sampler the training batches
     * @param epoch the epoch
     * @return its inputs, each batch's parts made when asked for
     */
    Iterator<List<TrainingInput>> epoch(ChunkSampler sampler, int epoch) {
        Iterator<ChunkBatch> batches = sampler.epoch(epoch, 0);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public List<TrainingInput> next() {
                return input(batches.next(), epoch);
            }
        };
    }

    private List<TrainingInput> input(ChunkBatch batch, int epoch) {
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
        int n = Math.min(devices.size(), batch.size());
        if (n == 1) {
            return List.of(part(batch, samples, devices.get(0)));
        }
        ChunkBatch encoderInput = new ChunkBatch(batch.epoch(), batch.index(), batch.chunkSize(), samples,
                batch.utterances(), batch.negatives());
        List<TrainingInput> parts = new ArrayList<>(n);
        try {
            for (int r = 0; r < n; r++) {
                int from = r * batch.size() / n;
                int to = (r + 1) * batch.size() / n;
                parts.add(part(batch.slice(from, to), encoderInput.slice(from, to).samples(), devices.get(r)));
            }
        } catch (RuntimeException e) {
            parts.forEach(TrainingInput::close);
            throw e;
        }
        return parts;
    }

    private TrainingInput part(ChunkBatch clean, float[] samples, Device device) {
        NDManager owner = NDManager.newBaseManager(device);
        try {
            return new TrainingInput(clean, samples, Labelling.targets(model, clean, owner), owner);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }
}
