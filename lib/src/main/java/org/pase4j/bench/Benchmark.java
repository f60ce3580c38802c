package org.pase4j.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import org.pase4j.config.PaseConfig;
import org.pase4j.config.TrainConfig;
import org.pase4j.data.AudioCache;
import org.pase4j.data.BatchPrefetcher;
import org.pase4j.data.ChunkBatch;
import org.pase4j.data.ChunkSampler;
import org.pase4j.data.DataPreparer;
import org.pase4j.data.Splits;
import org.pase4j.data.Utterance;
import org.pase4j.downstream.CorpusEmbedder;
import org.pase4j.downstream.PretrainedEncoder;
import org.pase4j.model.PaseModel;
import org.pase4j.model.WorkerSlot;
import org.pase4j.train.TrainStep;
import org.pase4j.util.Progress;

/**
 * Runs the benchmarks of one configuration on real batches of a LibriSpeech-layout corpus (the
 * bundled one by default). Measures, each selectable:
 * <ul>
 *   <li>{@code peak}: a square float32 matrix multiply, the CPU's practical GFLOP/s;</li>
 *   <li>{@code encoder}: encoder forward in evaluation mode on {@code 3·batch} chunks, with its
 *       GFLOP/s from {@link EncoderFlops} (and its share of the {@code peak} when both run);</li>
 *   <li>{@code step}: one full training step (encoder and every worker, forward, backward, Adam), with
 *       batches from the background loader; the time the step waited for the loader is reported
 *       apart, as the loader's cost on the critical path;</li>
 *   <li>{@code labellers}: each worker's labeller on one batch (it runs inside the step);</li>
 *   <li>{@code loading}: decoding and cropping one batch with no audio cache (the loader's work);</li>
 *   <li>{@code embed}: {@link CorpusEmbedder} over every audio file of the corpus, as {@code pase4j embed
 *       --force} does, with the configuration's encoder at random initialisation: one file at a time
 *       and in the default padded batches, alternating, each run a whole pass; real-time factors;</li>
 *   <li>{@code memory}: resident memory sampled over many training steps.</li>
 * </ul>
 */
public final class Benchmark {

    /** Every measure, in the order they run. */
    public static final List<String> MEASURES =
            List.of("peak", "encoder", "step", "labellers", "loading", "embed", "memory");

    /** The matrix size of the {@code peak} measure. */
    static final int MATMUL_SIZE = 2048;

    /**
     * What to run.
     *
     * @param config the training configuration whose model is measured
     * @param overrides {@code key=value} overrides of it
     * @param dataFolder the corpus batches come from
     * @param batch triples per batch of the timing measures
     * @param warmup untimed runs before each timing
     * @param repeats timed runs of each timing
     * @param measures the measures to run, from {@link #MEASURES}
     * @param memorySteps training steps of the {@code memory} measure
     * @param memoryBatch triples per batch of the {@code memory} measure
     */
    public record Options(Path config, List<String> overrides, Path dataFolder, int batch, int warmup, int repeats,
            Set<String> measures, int memorySteps, int memoryBatch) {

        /** Checks the values. */
        public Options {
            overrides = List.copyOf(overrides);
            measures = Set.copyOf(measures);
            for (String m : measures) {
                if (!MEASURES.contains(m)) {
                    throw new IllegalArgumentException("unknown measure '" + m + "', expected some of " + MEASURES);
                }
            }
            if (batch < 1 || warmup < 0 || repeats < 1 || memorySteps < 1 || memoryBatch < 1) {
                throw new IllegalArgumentException("batch " + batch + ", warmup " + warmup + ", repeats " + repeats
                        + ", memory steps " + memorySteps + ", memory batch " + memoryBatch
                        + ": expected batch, repeats and memory values >= 1 and warmup >= 0");
            }
        }
    }

    private final Options options;
    private final PaseConfig pase;
    private final TrainConfig config;

    /**
     * Reads the configuration.
     *
     * @param options what to run
     * @throws IOException if the configuration cannot be read
     */
    public Benchmark(Options options) throws IOException {
        this.options = options;
        this.pase = PaseConfig.load(options.config(), options.overrides());
        this.config = pase.training();
    }

    /**
     * Runs the selected measures.
     *
     * @param manifests a scratch folder for the corpus manifests (and the {@code embed} measure's files)
     * @return the results
     * @throws IOException if the corpus cannot be read or an embedding written
     */
    public BenchReport run(Path manifests) throws IOException {
        List<Utterance> train = new DataPreparer(Splits.DEFAULT, config.seed())
                .prepare(options.dataFolder(), manifests, false).splits().get("train");
        Engine.getInstance().setRandomSeed((int) config.seed());
        BenchReport report = new BenchReport(options, config.chunkSize());
        PaseModel model = new PaseModel(pase.model());
        AudioCache cache = new AudioCache(config.audioCacheSamples());
        ChunkSampler sampler = new ChunkSampler(train, config.chunkSize(), options.batch(), config.seed(), cache);
        try (NDManager parameters = NDManager.newBaseManager(config.torchDevice())) {
            model.initialize(parameters, config.chunkSize());
            if (options.measures().contains("peak")) {
                report.addPeak(matmulPeak(parameters));
            }
            ChunkBatch batch = sampler.epoch(0, 0).next();
            if (options.measures().contains("encoder")) {
                Timing t = Timing.of(options.warmup(), options.repeats(), () -> encoderForward(model, parameters, batch));
                report.addEncoder(t, EncoderFlops.forward(model.encoder(), 3L * batch.size(), batch.chunkSize()));
            }
            if (options.measures().contains("step")) {
                step(model, parameters, sampler, report);
            }
            if (options.measures().contains("labellers")) {
                for (WorkerSlot w : model.workers()) {
                    report.addLabeller(w.name(), Timing.of(options.warmup(), options.repeats(), () -> {
                        try (NDManager scope = parameters.newSubManager()) {
                            w.labeller().label(batch, scope).toFloatArray();
                        }
                    }));
                }
            }
        }
        if (options.measures().contains("loading")) {
            report.addLoading(loading(train));
        }
        if (options.measures().contains("embed")) {
            embedding(manifests.resolve("embeddings"), report);
        }
        if (options.measures().contains("memory")) {
            report.addMemory(memory(train));
        }
        return report;
    }

    private Timing matmulPeak(NDManager parent) {
        try (NDManager scope = parent.newSubManager()) {
            NDArray a = scope.randomNormal(new Shape(MATMUL_SIZE, MATMUL_SIZE));
            NDArray b = scope.randomNormal(new Shape(MATMUL_SIZE, MATMUL_SIZE));
            return Timing.of(options.warmup(), options.repeats(), () -> a.dot(b).close());
        }
    }

    private static void encoderForward(PaseModel model, NDManager parameters, ChunkBatch batch) {
        try (NDManager scope = parameters.newSubManager()) {
            model.encoder().forward(new ParameterStore(scope, false), new NDList(batch.toNDArray(scope)), false)
                    .singletonOrThrow().toFloatArray();
        }
    }

    private void step(PaseModel model, NDManager parameters, ChunkSampler sampler, BenchReport report) {
        TrainStep step = new TrainStep(model, parameters, config);
        int runs = options.warmup() + options.repeats();
        List<Double> compute = new ArrayList<>();
        List<Double> waits = new ArrayList<>();
        try (BatchPrefetcher<ChunkBatch> batches = new BatchPrefetcher<>(cycle(sampler), config.prefetchBatches());
                ProgressBar bar = Progress.items("training steps", runs)) {
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                ChunkBatch batch = batches.next();
                long loaded = System.nanoTime();
                step.run(batch);
                long done = System.nanoTime();
                bar.step();
                if (i >= options.warmup()) {
                    waits.add((loaded - start) / 1e6);
                    compute.add((done - loaded) / 1e6);
                }
            }
        }
        report.addStep(new Timing(compute), new Timing(waits));
    }

    /** Endless batches: epoch after epoch. */
    private static Iterator<ChunkBatch> cycle(ChunkSampler sampler) {
        return new Iterator<>() {
            private int epoch;
            private Iterator<ChunkBatch> current = sampler.epoch(0, 0);

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public ChunkBatch next() {
                if (!current.hasNext()) {
                    current = sampler.epoch(++epoch, 0);
                }
                return current.next();
            }
        };
    }

    private Timing loading(List<Utterance> train) {
        ChunkSampler uncached = new ChunkSampler(train, config.chunkSize(), options.batch(), config.seed(),
                new AudioCache(0));
        Iterator<ChunkBatch> batches = cycle(uncached);
        return Timing.of(options.warmup(), options.repeats(), batches::next);
    }

    /** Embeds the corpus one file at a time and in padded batches, alternating, warm-up passes first. */
    private void embedding(Path scratch, BenchReport report) throws IOException {
        List<CorpusEmbedder> settings = List.of(embedder(scratch, 1), embedder(scratch, CorpusEmbedder.DEFAULT_BATCH));
        List<List<Double>> millis = List.of(new ArrayList<>(), new ArrayList<>());
        long samples = 0;
        try (PretrainedEncoder encoder = PretrainedEncoder.random(pase.model().encoder(), (int) config.seed())) {
            for (int i = 0; i < options.warmup() + options.repeats(); i++) {
                for (int s = 0; s < settings.size(); s++) {
                    CorpusEmbedder.Summary summary = settings.get(s).run(encoder);
                    samples = summary.samples();
                    if (i >= options.warmup()) {
                        millis.get(s).add(summary.seconds() * 1000);
                    }
                }
            }
        }
        report.addEmbed(settings.get(1), new Timing(millis.get(0)), new Timing(millis.get(1)), samples);
    }

    private CorpusEmbedder embedder(Path scratch, int batch) {
        return CorpusEmbedder.builder().setInput(options.dataFolder()).setOutput(scratch).optForce(true).optBatch(batch)
                .build();
    }

    private MemoryTrace memory(List<Utterance> train) {
        ChunkSampler sampler = new ChunkSampler(train, config.chunkSize(), options.memoryBatch(), config.seed(),
                new AudioCache(config.audioCacheSamples()));
        sampler.epoch(0, 0).forEachRemaining(batch -> { }); // decode the corpus into the cache before measuring
        PaseModel model = new PaseModel(pase.model());
        int every = Math.max(1, options.memorySteps() / 100);
        List<MemorySample> samples = new ArrayList<>();
        MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
        try (NDManager parameters = NDManager.newBaseManager(config.torchDevice());
                ProgressBar bar = Progress.items("memory: training steps", options.memorySteps())) {
            model.initialize(parameters, config.chunkSize());
            TrainStep step = new TrainStep(model, parameters, config);
            Iterator<ChunkBatch> batches = cycle(sampler);
            for (int i = 1; i <= options.memorySteps(); i++) {
                step.run(batches.next());
                bar.step();
                if (i % every == 0 || i == 1) {
                    samples.add(new MemorySample(i, ResidentMemory.current(), heap.getHeapMemoryUsage().getCommitted(),
                            MallocInfo.current().orElse(null)));
                }
            }
        }
        return new MemoryTrace(options.memoryBatch(), samples);
    }

    /**
     * One sample of the memory measure.
     *
     * @param step the training steps done
     * @param resident this process's resident bytes
     * @param heap the committed Java heap in bytes
     * @param malloc what the process's malloc holds, or null where it cannot tell
     */
    public record MemorySample(long step, long resident, long heap, MallocInfo malloc) {

        /** @return resident bytes outside the Java heap (libtorch's tensors, the JVM's own) */
        public long outsideHeap() {
            return resident - heap;
        }
    }

    /**
     * Resident memory during training.
     *
     * @param batch triples per batch
     * @param samples the samples, in step order
     */
    public record MemoryTrace(int batch, List<MemorySample> samples) {

        /** @return the sample at a tenth of the run, after the warm-up allocations: where growth is measured from */
        public MemorySample start() {
            return samples.get(samples.size() / 10);
        }

        /** @return the last sample */
        public MemorySample end() {
            return samples.get(samples.size() - 1);
        }

        /** @return the relative growth of resident memory from {@link #start()} to {@link #end()} */
        public double growth() {
            return (end().resident() - start().resident()) / (double) start().resident();
        }

        /** @return the relative growth of resident memory outside the Java heap from {@link #start()} to {@link #end()} */
        public double nativeGrowth() {
            return (end().outsideHeap() - start().outsideHeap()) / (double) start().outsideHeap();
        }
    }
}
