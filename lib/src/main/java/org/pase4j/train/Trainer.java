package org.pase4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import org.pase4j.audio.EnvironmentCorruptor;
import org.pase4j.config.PaseConfig;
import org.pase4j.config.TrainConfig;
import org.pase4j.data.AudioCache;
import org.pase4j.data.BatchPrefetcher;
import org.pase4j.data.ChunkBatch;
import org.pase4j.data.ChunkSampler;
import org.pase4j.data.DataPreparer;
import org.pase4j.data.HttpDownloader;
import org.pase4j.data.MiniLibriSpeech;
import org.pase4j.data.Splits;
import org.pase4j.data.Utterance;
import org.pase4j.label.TargetNormalizer;
import org.pase4j.model.PaseModel;
import org.pase4j.model.WorkerSlot;
import org.pase4j.util.Progress;
import org.pase4j.util.Seeds;
import org.pase4j.util.Versions;
import org.pase4j.util.YamlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recipe's training run: prepares the data, builds the model from train.yaml, trains encoder and
 * workers epoch by epoch (the encoder input optionally corrupted by noise and reverberation on the
 * loader thread, as {@code env_corrupt} says; targets always come from the clean batch) with a
 * validation pass after each, logs {@code losses.csv}, and writes
 * checkpoints. When the save folder holds a checkpoint the run resumes after it, and continues exactly
 * as an uninterrupted run would: every random draw is a function of (seed, epoch, batch), and the
 * checkpoint holds all the state the rest depends on.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    /** Distinguishes the corruption's random stream from the sampler's for the same batch. */
    private static final long CORRUPTION_STREAM = 0xC0;

    private final PaseConfig pase;
    private final TrainConfig config;

    /**
     * Creates a trainer.
     *
     * @param pase the configuration
     */
    public Trainer(PaseConfig pase) {
        this.pase = pase;
        this.config = pase.training();
    }

    /**
     * @return the newest checkpoint of this run's save folder, if any
     * @throws IOException if the folder cannot be listed
     */
    public Optional<Path> latestCheckpoint() throws IOException {
        return new Checkpoints(config.outputFolder().resolve("save"), config.numCkptsKeep()).latest();
    }

    /** @return the checked training settings */
    public TrainConfig config() {
        return config;
    }

    /**
     * What a run produced.
     *
     * @param outputFolder where its files are
     * @param history mean losses per epoch: {@code train} and {@code valid} maps by worker name
     * @param checkpoint the newest checkpoint
     */
    public record Result(Path outputFolder, List<Map<String, Map<String, Double>>> history, Path checkpoint) {}

    /**
     * Trains to {@code number_of_epochs}, resuming from the newest checkpoint if there is one.
     *
     * @return the losses of the epochs run now, and the newest checkpoint
     * @throws IOException if data or checkpoints cannot be read or written
     * @throws IllegalStateException if too many consecutive steps had a non-finite loss
     */
    public Result run() throws IOException {
        Path out = config.outputFolder();
        Files.createDirectories(out);
        YamlFiles.write(out.resolve("config.yaml"), pase.yaml());
        YamlFiles.write(out.resolve("versions.yaml"), Versions.all());
        Map<String, List<Utterance>> splits = data();
        Engine.getInstance().setRandomSeed((int) config.seed());
        PaseModel model = new PaseModel(pase.model());
        Checkpoints checkpoints = new Checkpoints(out.resolve("save"), config.numCkptsKeep());
        try (NDManager manager = NDManager.newBaseManager(config.torchDevice())) {
            model.initialize(manager, config.chunkSize());
            TrainStep step = new TrainStep(model, manager, config);
            int done = 0;
            Optional<Path> latest = checkpoints.latest();
            Path newest = latest.orElse(null);
            if (latest.isPresent()) {
                done = Checkpoints.load(latest.get(), model, manager, step).epoch();
                model.initialize(manager, config.chunkSize());
                LOG.info("resuming after epoch {} from {}", done, latest.get());
            }
            List<String> names = model.workers().stream().map(WorkerSlot::name).toList();
            LossLog log = new LossLog(out.resolve("losses.csv"), names, done);
            long cacheSamples = config.audioCacheSamples();
            ChunkSampler train = new ChunkSampler(splits.get("train"), config.chunkSize(), config.batchSize(),
                    config.seed(), new AudioCache(cacheSamples));
            ChunkSampler valid = new ChunkSampler(splits.get("valid"), config.chunkSize(), config.batchSize(),
                    config.seed(), new AudioCache(cacheSamples / 8));
            EnvironmentCorruptor corruptor = new EnvironmentCorruptor(pase.corruption());
            if (config.normalizeTargets() && latest.isEmpty()) {
                estimateNormalizers(model, train, manager);
            }
            List<Map<String, Map<String, Double>>> history = new ArrayList<>();
            for (int epoch = done + 1; epoch <= config.numberOfEpochs(); epoch++) {
                float factor = (float) config.learningRateFactor(epoch);
                float lrEncoder = config.encoderLrStart() * factor;
                float lrWorkers = config.workerLrStart() * factor;
                step.setLearningRates(lrEncoder, lrWorkers);
                long start = System.nanoTime();
                Map<String, Double> trainLoss = trainEpoch(epoch, train, step, newest, corruptor);
                Map<String, Double> validLoss = validate(valid, step);
                log.append(epoch, trainLoss, validLoss, lrEncoder, lrWorkers, (System.nanoTime() - start) / 1e9);
                LOG.info("epoch {}/{}: train {} valid {} (lr {} / {})", epoch, config.numberOfEpochs(),
                        format(trainLoss), format(validLoss), lrEncoder, lrWorkers);
                history.add(Map.of("train", trainLoss, "valid", validLoss));
                if (epoch % config.ckptSaveInterval() == 0 || epoch == config.numberOfEpochs()) {
                    newest = checkpoints.save(new Checkpoints.State(epoch, validLoss.get(TrainStep.TOTAL)), model,
                            step, pase.yaml());
                    LOG.info("saved {}", newest);
                }
            }
            return new Result(out, history, newest);
        }
    }

    private Map<String, List<Utterance>> data() throws IOException {
        Path corpus = config.dataFolder();
        if (config.downloadMiniLibrispeech()) {
            try {
                new MiniLibriSpeech(MiniLibriSpeech.DEFAULT_BASE, new HttpDownloader())
                        .fetch(config.dataFolder(), MiniLibriSpeech.Subset.TRAIN_CLEAN_5, null);
            } catch (IOException e) {
                throw new IOException("Mini LibriSpeech is not in " + config.dataFolder() + " and could not be "
                        + "downloaded (" + e.getMessage() + "). Offline, train on the bundled corpus: "
                        + "`train quick.yaml`, or set data_folder to a LibriSpeech-layout corpus and "
                        + "download_mini_librispeech=false", e);
            }
            corpus = MiniLibriSpeech.subsetFolder(config.dataFolder(), MiniLibriSpeech.Subset.TRAIN_CLEAN_5);
        }
        Map<String, List<Utterance>> splits = new DataPreparer(Splits.DEFAULT, config.seed())
                .prepare(corpus, config.outputFolder().resolve("manifests"), false).splits();
        if (config.maxUtterances() == 0) {
            return splits;
        }
        Map<String, List<Utterance>> limited = new LinkedHashMap<>();
        splits.forEach((name, list) -> limited.put(name, spread(list, config.maxUtterances())));
        return limited;
    }

    /** At most {@code n} utterances spread evenly over a sorted list, so that speakers stay mixed. */
    private static List<Utterance> spread(List<Utterance> list, int n) {
        if (list.size() <= n) {
            return list;
        }
        List<Utterance> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(list.get((int) ((long) i * list.size() / n)));
        }
        return out;
    }

    /** A batch and the encoder's input made from it on the loader thread. */
    private record Input(ChunkBatch clean, float[] samples) {}

    /** The batches of an epoch with their (corrupted) encoder inputs, computed lazily by the loader. */
    private Iterator<Input> inputs(ChunkSampler sampler, int epoch, EnvironmentCorruptor corruptor) {
        Iterator<ChunkBatch> batches = sampler.epoch(epoch, 0);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public Input next() {
                ChunkBatch batch = batches.next();
                if (!corruptor.isEnabled()) {
                    return new Input(batch, batch.samples());
                }
                float[] samples = batch.samples().clone();
                try {
                    corruptor.corrupt(samples, 3 * batch.size(), batch.chunkSize(),
                            Seeds.stream(config.seed(), epoch, batch.index(), CORRUPTION_STREAM));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return new Input(batch, samples);
            }
        };
    }

    private Map<String, Double> trainEpoch(int epoch, ChunkSampler sampler, TrainStep step, Path newest,
            EnvironmentCorruptor corruptor) {
        Mean mean = new Mean();
        int nonFinite = 0;
        try (BatchPrefetcher<Input> batches = new BatchPrefetcher<>(inputs(sampler, epoch, corruptor),
                        config.prefetchBatches());
                ProgressBar bar = Progress.items(String.format(Locale.ROOT, "epoch %d/%d", epoch,
                        config.numberOfEpochs()), sampler.batchesPerEpoch())) {
            while (batches.hasNext()) {
                Input input = batches.next();
                Map<String, Float> losses = step.run(input.clean(), input.samples());
                bar.step();
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
                mean.add(losses);
                bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", mean.get(TrainStep.TOTAL)));
            }
        }
        return mean.all();
    }

    /** Batches of the training split whose regression targets set the z-score statistics. */
    private static final int NORMALIZER_BATCHES = 16;

    /** Estimates every regressor's target statistics on training batches of a dedicated epoch stream. */
    private static void estimateNormalizers(PaseModel model, ChunkSampler train, NDManager manager) {
        Map<String, TargetNormalizer.Estimator> estimators = new LinkedHashMap<>();
        model.workers().stream().filter(w -> w.kind().equals("regressor"))
                .forEach(w -> estimators.put(w.name(), new TargetNormalizer.Estimator()));
        Iterator<ChunkBatch> batches = train.epoch(-1, 0);
        for (int i = 0; i < NORMALIZER_BATCHES && batches.hasNext(); i++) {
            ChunkBatch batch = batches.next();
            try (NDManager scope = manager.newSubManager()) {
                for (WorkerSlot w : model.workers()) {
                    TargetNormalizer.Estimator e = estimators.get(w.name());
                    if (e != null) {
                        e.add(w.labeller().label(batch, scope));
                    }
                }
            }
        }
        estimators.forEach((name, e) -> model.setNormalizer(name, e.build(manager)));
        LOG.info("z-scoring the targets of {}", estimators.keySet());
    }

    private static Map<String, Double> validate(ChunkSampler sampler, TrainStep step) {
        Mean mean = new Mean();
        sampler.epoch(0, 0).forEachRemaining(batch -> mean.add(step.evaluate(batch)));
        return mean.all();
    }

    private static String format(Map<String, Double> losses) {
        return String.format(Locale.ROOT, "%.4f", losses.get(TrainStep.TOTAL));
    }

    /** Running means of named losses. */
    private static final class Mean {
        private final Map<String, double[]> sums = new LinkedHashMap<>();

        void add(Map<String, Float> losses) {
            losses.forEach((k, v) -> {
                double[] s = sums.computeIfAbsent(k, x -> new double[2]);
                s[0] += v;
                s[1]++;
            });
        }

        double get(String key) {
            double[] s = sums.get(key);
            return s[0] / s[1];
        }

        Map<String, Double> all() {
            Map<String, Double> out = new LinkedHashMap<>();
            sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
            return out;
        }
    }
}
