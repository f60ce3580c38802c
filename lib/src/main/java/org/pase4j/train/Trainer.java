package org.pase4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pase4j.audio.EnvironmentCorruptor;
import org.pase4j.config.PaseConfig;
import org.pase4j.config.TrainConfig;
import org.pase4j.data.AudioCache;
import org.pase4j.data.BatchPrefetcher;
import org.pase4j.data.ChunkSampler;
import org.pase4j.data.Utterance;
import org.pase4j.model.PaseModel;
import org.pase4j.model.WorkerSlot;
import org.pase4j.util.Versions;
import org.pase4j.util.YamlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recipe's training run, the loop alone: epoch by epoch, training steps on the batches that
 * {@link TrainingInputs} prepares on the loader thread, a validation pass, the {@link TrainingListener}s told
 * (a progress bar and {@code losses.csv} always), and checkpoints. The data comes from {@link TrainingCorpus};
 * with {@code normalize_targets} the target statistics from {@link TargetStatistics}. When the save folder
 * holds a checkpoint the run resumes after the newest intact one (a checkpoint damaged after it was written is
 * skipped, with a warning) and continues exactly as an uninterrupted run would: every
 * random draw is a function of (seed, epoch, batch), and the checkpoint holds all the state the rest
 * depends on. SIGINT or SIGTERM stops the run at the next step boundary ({@link StopSignal}), saying where it
 * resumes from; one run at a time uses an output folder ({@link RunLock}). With {@code devices: N} every batch
 * is split among N replicas of the model ({@link Replicas}, {@link TrainStep#run(List)}). A trainer runs once.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final PaseConfig pase;
    private final TrainConfig config;
    private final PaseModel model;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private boolean ran;

    /**
     * Creates a trainer and its model.
     *
     * @param pase the configuration
     * @throws IllegalArgumentException naming the key of a worker or labeller class that cannot be created
     */
    public Trainer(PaseConfig pase) {
        this.pase = pase;
        this.config = pase.training();
        this.model = new PaseModel(pase.model());
    }

    /**
     * Adds a listener, told after the built-in progress bar and loss log.
     *
     * @param listener the listener
     * @return this trainer
     */
    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * @return the newest intact checkpoint of this run's save folder, if any
     * @throws IOException if the folder cannot be listed
     */
    public Optional<Path> latestCheckpoint() throws IOException {
        return new Checkpoints(config.outputFolder().resolve("save"), config.numCkptsKeep()).latestIntact();
    }

    /** @return the checked training settings */
    public TrainConfig config() {
        return config;
    }

    /** @return the model being trained (initialised once {@link #run} starts) */
    public PaseModel model() {
        return model;
    }

    /**
     * What a run produced.
     *
     * @param outputFolder where its files are
     * @param history the epochs run now, in order
     * @param checkpoint the newest checkpoint
     */
    public record Result(Path outputFolder, List<EpochResult> history, Path checkpoint) {}

    /**
     * Trains to {@code number_of_epochs}, resuming from the newest checkpoint if there is one.
     *
     * @return the epochs run now, and the newest checkpoint
     * @throws IOException if data or checkpoints cannot be read or written
     * @throws IllegalStateException if too many consecutive steps had a non-finite loss, the trainer ran
     *     before, or another live run uses the output folder
     */
    public Result run() throws IOException {
        if (ran) {
            throw new IllegalStateException("this trainer has run; create another to continue (it resumes from the "
                    + "newest checkpoint)");
        }
        ran = true;
        Path out = config.outputFolder();
        Files.createDirectories(out);
        try (RunLock lock = RunLock.acquire(out); StopSignal stop = new StopSignal()) {
            return run(out, stop);
        }
    }

    private Result run(Path out, StopSignal stop) throws IOException {
        YamlFiles.write(out.resolve("config.yaml"), pase.yaml());
        YamlFiles.write(out.resolve("versions.yaml"), Versions.all());
        Map<String, List<Utterance>> splits = TrainingCorpus.splits(config);
        Engine.getInstance().setRandomSeed((int) config.seed());
        Checkpoints checkpoints = new Checkpoints(out.resolve("save"), config.numCkptsKeep());
        List<TrainingListener> all = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(config.torchDevice())) {
            model.initialize(manager, config.chunkSize());
            TrainStep step = new TrainStep(model, manager, config);
            int done = 0;
            Optional<Path> latest = checkpoints.latestIntact();
            Path newest = latest.orElse(null);
            if (latest.isPresent()) {
                done = Checkpoints.load(latest.get(), model, manager, step).epoch();
                model.initialize(manager, config.chunkSize());
                LOG.info("resuming after epoch {} from {}", done, latest.get());
            }
            all.add(new ProgressListener(config.numberOfEpochs()));
            all.add(new LossLog(out.resolve("losses.csv"), model.workers().stream().map(WorkerSlot::name).toList(),
                    done));
            all.addAll(listeners);
            long cacheSamples = config.audioCacheSamples();
            ChunkSampler train = new ChunkSampler(splits.get("train"), config.chunkSize(), config.batchSize(),
                    config.seed(), new AudioCache(cacheSamples)).withSpeedJitter(config.speedJitterCents());
            ChunkSampler valid = new ChunkSampler(splits.get("valid"), config.chunkSize(), config.batchSize(),
                    config.seed(), new AudioCache(cacheSamples / 8));
            TrainingInputs inputs = new TrainingInputs(model, new EnvironmentCorruptor(pase.corruption()),
                    config.seed(), config.torchDevices());
            if (config.normalizeTargets() && latest.isEmpty()) {
                TargetStatistics.estimate(model, train, manager);
            }
            List<EpochResult> history = new ArrayList<>();
            try (Replicas replicas = new Replicas(model, manager, config.torchDevices(), config.chunkSize())) {
                step.setReplicas(replicas);
                for (int epoch = done + 1; epoch <= config.numberOfEpochs(); epoch++) {
                    float factor = (float) config.learningRateFactor(epoch);
                    float lrEncoder = config.encoderLrStart() * factor;
                    float lrWorkers = config.workerLrStart() * factor;
                    step.setLearningRates(lrEncoder, lrWorkers);
                    long start = System.nanoTime();
                    for (TrainingListener l : all) {
                        l.onEpochBegin(epoch, train.batchesPerEpoch());
                    }
                    Map<String, Double> trainLoss = trainEpoch(epoch, train, inputs, step, newest, all, stop);
                    Map<String, Double> validLoss = validate(valid, step);
                    EpochResult result = new EpochResult(epoch, trainLoss, validLoss, lrEncoder, lrWorkers,
                            (System.nanoTime() - start) / 1e9);
                    history.add(result);
                    LOG.info("epoch {}/{}: train {} valid {} (lr {} / {})", epoch, config.numberOfEpochs(),
                            total(trainLoss), total(validLoss), lrEncoder, lrWorkers);
                    for (TrainingListener l : all) {
                        l.onEpoch(result);
                    }
                    if (epoch % config.ckptSaveInterval() == 0 || epoch == config.numberOfEpochs()) {
                        newest = checkpoints.save(new Checkpoints.State(epoch, validLoss.get(TrainStep.TOTAL)), model,
                                step, pase.yaml());
                        LOG.info("saved {}", newest);
                        for (TrainingListener l : all) {
                            l.onCheckpoint(epoch, newest);
                        }
                    }
                }
            }
            return new Result(out, history, newest);
        } finally {
            for (TrainingListener l : all) {
                l.onTrainingEnd();
            }
        }
    }

    private Map<String, Double> trainEpoch(int epoch, ChunkSampler sampler, TrainingInputs inputs, TrainStep step,
            Path newest, List<TrainingListener> all, StopSignal stop) {
        LossMeans means = new LossMeans();
        int nonFinite = 0;
        int index = 0;
        try (BatchPrefetcher<List<TrainingInput>> batches = new BatchPrefetcher<>(inputs.epoch(sampler, epoch),
                config.prefetchBatches())) {
            while (batches.hasNext()) {
                Map<String, Float> losses = step.run(batches.next());
                for (TrainingListener l : all) {
                    l.onTrainingBatch(epoch, index, losses);
                }
                index++;
                if (stop.requested()) {
                    String where = "stopped by a signal after step " + index + " of epoch " + epoch + "; "
                            + (newest == null ? "no checkpoint was written yet, a new run starts from the beginning"
                            : "rerun the same command to resume after " + newest.getFileName() + " (" + newest + ")");
                    LOG.warn(where);
                    throw new IllegalStateException(where);
                }
                if (!Float.isFinite(losses.get(TrainStep.TOTAL))) {
                    nonFinite++;
                    LOG.warn("epoch {}: non-finite loss {}, step skipped ({} in a row)", epoch, losses, nonFinite);
                    if (nonFinite >= config.maxNonfiniteSteps()) {
                        throw new IllegalStateException("stopping: " + nonFinite + " consecutive steps had a non-finite"
                                + " loss (" + losses + "); lower the learning rates or set grad_clip_norm. "
                                + (newest == null ? "No checkpoint was written yet." : "The newest checkpoint, " + newest
                                + ", is intact."));
                    }
                    continue;
                }
                nonFinite = 0;
                means.add(losses);
            }
        }
        return means.means();
    }

    private static String total(Map<String, Double> losses) {
        return String.format(Locale.ROOT, "%.4f", losses.get(TrainStep.TOTAL));
    }

    private static Map<String, Double> validate(ChunkSampler sampler, TrainStep step) {
        LossMeans means = new LossMeans();
        sampler.epoch(0, 0).forEachRemaining(batch -> means.add(step.evaluate(batch)));
        return means.means();
    }
}
