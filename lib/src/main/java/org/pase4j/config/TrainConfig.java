package org.pase4j.config;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.pase4j.util.Options;
import org.slf4j.LoggerFactory;

/**
 * The training settings of a train.yaml (the model's keys are read by {@link org.pase4j.model.ModelSpec}, the
 * corruption's by {@link org.pase4j.audio.CorruptionOptions}; {@link PaseConfig} reads all three); every key
 * keeps the recipe's name. Built by
 * {@link #from}, which rejects unknown keys and out-of-range values with a message naming the key.
 *
 * @param seed the run seed: model initialisation, data order, crops, corruption
 * @param dataFolder where the corpus is, or where Mini LibriSpeech is downloaded to
 * @param downloadMiniLibrispeech fetch Mini LibriSpeech's train-clean-5 into {@code dataFolder} when it is
 *     missing and train on it; otherwise train on the LibriSpeech-layout corpus below {@code dataFolder}
 * @param outputFolder where the run writes its results ({@code save/} checkpoints, {@code losses.csv}, ...)
 * @param ckptSaveInterval epochs between checkpoints
 * @param numCkptsKeep checkpoints kept: the best by validation loss, and always the newest
 * @param chunkSize samples per anchor/positive/negative crop
 * @param numberOfEpochs epochs to train
 * @param batchSize triples per batch
 * @param encoderLrStart the encoder's initial learning rate
 * @param workerLrStart every worker's initial learning rate
 * @param lrSchedule {@code step} (multiply by {@code decayFactor} every {@code lrUpdateInterval} epochs)
 *     or {@code linear} (from the start value to {@code start · lrFinalFactor} over the run)
 * @param lrUpdateInterval epochs between step decays
 * @param decayFactor the step decay factor
 * @param lrFinalFactor final learning rate of the linear schedule, relative to the start
 * @param gradClipNorm clip gradients to this global L2 norm; 0 disables clipping
 * @param maxNonfiniteSteps consecutive steps with a non-finite loss before the run stops
 * @param maxUtterances use at most this many utterances of each split (0: all), for quick runs
 * @param prefetchBatches batches loaded ahead on the background thread
 * @param audioCacheMb decoded audio kept in memory, in MiB (the bundled corpus needs about 35)
 * @param normalizeTargets z-score every regressor's target with statistics of the training data
 *     (the official PASE) instead of the recipe's raw targets
 * @param device {@code cpu} or {@code gpu} (the first CUDA GPU; needs the {@code gpu} Maven profile's
 *     CUDA build of libtorch)
 * @param devices the number of replicas the model trains on, each on its own device ({@code device: gpu}: GPUs
 *     0 to devices − 1; {@code cpu}: that many replicas on the CPU, which exercises the same code): every batch
 *     is split among them and their gradients summed before one optimiser step
 * @param speedJitterCents every training crop resampled by its own random speed, shifting pitch and formants by
 *     up to this many cents before targets are computed (0: none, the recipe); see
 *     {@link org.pase4j.data.ChunkSampler#withSpeedJitter}
 */
public record TrainConfig(long seed, Path dataFolder, boolean downloadMiniLibrispeech, Path outputFolder,
        int ckptSaveInterval, int numCkptsKeep, int chunkSize, int numberOfEpochs, int batchSize,
        float encoderLrStart, float workerLrStart, String lrSchedule, int lrUpdateInterval, float decayFactor,
        float lrFinalFactor, float gradClipNorm, int maxNonfiniteSteps, int maxUtterances, int prefetchBatches,
        int audioCacheMb, boolean normalizeTargets, String device, int devices, float speedJitterCents) {

    /** Keys read by the model, the corruption settings or only referenced by other keys. */
    private static final Set<String> OTHER_KEYS = Set.of("emb_dim", "encoder_model", "workers_config",
            "loss_combination", "loss_weights", "env_corrupt", "sample_rate");
    private static final Set<String> KEYS = Set.of("seed", "data_folder", "download_mini_librispeech",
            "output_folder", "ckpt_save_interval", "num_ckpts_keep", "chunk_size", "number_of_epochs", "batch_size",
            "encoder_lr_start", "worker_lr_start", "lr_schedule", "lr_update_interval", "decay_factor",
            "lr_final_factor", "grad_clip_norm", "max_nonfinite_steps", "max_utterances", "prefetch_batches",
            "audio_cache_mb", "normalize_targets", "device", "devices", "speed_jitter_cents");

    /** Checks the values. */
    public TrainConfig {
        positive("ckpt_save_interval", ckptSaveInterval);
        positive("num_ckpts_keep", numCkptsKeep);
        positive("number_of_epochs", numberOfEpochs);
        positive("batch_size", batchSize);
        positive("lr_update_interval", lrUpdateInterval);
        positive("max_nonfinite_steps", maxNonfiniteSteps);
        positive("prefetch_batches", prefetchBatches);
        positive("devices", devices);
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw new IllegalArgumentException("device: '" + device + "', expected cpu or gpu");
        }
        if (audioCacheMb < 0) {
            throw new IllegalArgumentException("audio_cache_mb: " + audioCacheMb + ", expected >= 0");
        }
        if (chunkSize < 1600) {
            throw new IllegalArgumentException("chunk_size: " + chunkSize + ", expected at least 1600 samples (0.1 s)");
        }
        if (!(encoderLrStart > 0) || !(workerLrStart > 0)) {
            throw new IllegalArgumentException("encoder_lr_start " + encoderLrStart + " and worker_lr_start "
                    + workerLrStart + ", expected both > 0");
        }
        if (!lrSchedule.equals("step") && !lrSchedule.equals("linear")) {
            throw new IllegalArgumentException("lr_schedule: '" + lrSchedule + "', expected step or linear");
        }
        if (!(decayFactor > 0 && decayFactor <= 1)) {
            throw new IllegalArgumentException("decay_factor: " + decayFactor + ", expected in (0, 1]");
        }
        if (!(lrFinalFactor > 0 && lrFinalFactor <= 1)) {
            throw new IllegalArgumentException("lr_final_factor: " + lrFinalFactor + ", expected in (0, 1]");
        }
        if (!(gradClipNorm >= 0)) {
            throw new IllegalArgumentException("grad_clip_norm: " + gradClipNorm + ", expected >= 0 (0: no clipping)");
        }
        if (!(speedJitterCents >= 0 && speedJitterCents <= 1200)) {
            throw new IllegalArgumentException("speed_jitter_cents: " + speedJitterCents
                    + ", expected in [0, 1200] (0: none)");
        }
        if (maxUtterances < 0) {
            throw new IllegalArgumentException("max_utterances: " + maxUtterances + ", expected >= 0 (0: all)");
        }
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + ": " + value + ", expected >= 1");
        }
    }

    /**
     * Reads and checks the training keys of a resolved train.yaml.
     *
     * @param yaml the whole configuration
     * @return the settings
     * @throws IllegalArgumentException naming an unknown key, a missing one, or a bad value
     */
    public static TrainConfig from(Map<String, Object> yaml) {
        Set<String> known = new HashSet<>(KEYS);
        known.addAll(OTHER_KEYS);
        Object workers = yaml.get("workers_config");
        if (workers instanceof Map<?, ?> sections) {
            for (Object names : sections.values()) {
                if (names instanceof List<?> list) {
                    list.forEach(n -> {
                        known.add(n + "_model");
                        known.add(n + "_labeller");
                    });
                }
            }
        }
        List<String> unused = yaml.keySet().stream().filter(k -> !known.contains(k)
                && (k.endsWith("_model") || k.endsWith("_labeller"))).sorted().toList();
        if (!unused.isEmpty()) {
            LoggerFactory.getLogger(TrainConfig.class).warn("{}: no such worker in workers_config, ignored", unused);
            known.addAll(unused);
        }
        Options o = new Options("", yaml).requireKnown(known);
        int sampleRate = o.integer("sample_rate", 16000);
        if (sampleRate != 16000) {
            throw new IllegalArgumentException("sample_rate: " + sampleRate + ", expected 16000 (the only rate pase4j "
                    + "supports; resample the corpus)");
        }
        for (String required : List.of("data_folder", "output_folder")) {
            if (!yaml.containsKey(required)) {
                throw new IllegalArgumentException("missing key " + required);
            }
        }
        return new TrainConfig(o.integer("seed", 1986), Path.of(o.string("data_folder", "")),
                o.bool("download_mini_librispeech", false), Path.of(o.string("output_folder", "")),
                o.integer("ckpt_save_interval", 30), o.integer("num_ckpts_keep", 5), o.integer("chunk_size", 16000),
                o.integer("number_of_epochs", 200), o.integer("batch_size", 32),
                (float) o.number("encoder_lr_start", 5e-4), (float) o.number("worker_lr_start", 5e-4),
                o.string("lr_schedule", "step"), o.integer("lr_update_interval", 40),
                (float) o.number("decay_factor", 0.5), (float) o.number("lr_final_factor", 0.1),
                (float) o.number("grad_clip_norm", 0), o.integer("max_nonfinite_steps", 5),
                o.integer("max_utterances", 0), o.integer("prefetch_batches", 4), o.integer("audio_cache_mb", 1024),
                o.bool("normalize_targets", false), o.string("device", "cpu"),
                o.integer("devices", 1), (float) o.number("speed_jitter_cents", 0));
    }

    /** @return the decoded audio kept in memory ({@code audio_cache_mb}), in float samples */
    public long audioCacheSamples() {
        return audioCacheMb * (1L << 20) / Float.BYTES;
    }

    /**
     * The device that holds the model and runs the steps (the first replica's).
     *
     * @return the first GPU for {@code device: gpu}, else the CPU
     * @throws IllegalStateException if {@code device: gpu} but libtorch sees fewer CUDA GPUs than {@code devices}
     */
    public Device torchDevice() {
        return torchDevices().get(0);
    }

    /**
     * The device of every replica.
     *
     * @return GPUs 0 to {@code devices − 1} for {@code device: gpu}, else the CPU {@code devices} times
     * @throws IllegalStateException if {@code device: gpu} but libtorch sees fewer CUDA GPUs than {@code devices}
     */
    public List<Device> torchDevices() {
        if (device.equals("cpu")) {
            return Collections.nCopies(devices, Device.cpu());
        }
        int gpus = Engine.getInstance().getGpuCount();
        if (gpus < devices) {
            throw new IllegalStateException("device: gpu and devices: " + devices + ", but libtorch "
                    + Engine.getInstance().getVersion() + " sees " + gpus + " CUDA GPU(s): build the CUDA jar with"
                    + " `mvn -Pgpu package -DskipTests` (README, GPU) on a machine with an NVIDIA driver, lower devices,"
                    + " or set device: cpu");
        }
        return IntStream.range(0, devices).mapToObj(Device::gpu).toList();
    }

    /**
     * The learning-rate factor of an epoch (1-based), relative to the start value.
     *
     * @param epoch the epoch
     * @return the factor
     */
    public double learningRateFactor(int epoch) {
        if (lrSchedule.equals("step")) {
            return Math.pow(decayFactor, (epoch - 1) / lrUpdateInterval);
        }
        double progress = numberOfEpochs == 1 ? 0 : (epoch - 1) / (double) (numberOfEpochs - 1);
        return 1 + (lrFinalFactor - 1) * progress;
    }
}
