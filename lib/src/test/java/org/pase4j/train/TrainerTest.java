package org.pase4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TinyRuns;
import org.pase4j.config.PaseConfig;
import org.pase4j.config.TrainConfig;
import org.pase4j.util.YamlFiles;

class TrainerTest {

    @TempDir
    Path tmp;

    private static Map<String, Object> config(Path out, int epochs) {
        return TinyRuns.config(out, epochs);
    }

    /** A child JVM training 4 epochs into {@code out}, returned once its first checkpoint is written. */
    private Process childPastFirstCheckpoint(Path out, Path log) throws Exception {
        Path yaml = tmp.resolve(out.getFileName() + ".yaml");
        YamlFiles.write(yaml, config(out, 4));
        Process child = TinyRuns.trainInChildUntil(yaml, log, out.resolve("save/epoch-0001"));
        assertTrue(child.isAlive(), "the child was still training: " + Files.readString(log));
        return child;
    }

    @Test
    void anInterruptedRunResumesExactlyWhereItStopped() throws IOException {
        Path straight = tmp.resolve("straight");
        Trainer.Result a = new Trainer(PaseConfig.from(config(straight, 3))).run();
        assertEquals(3, a.history().size());

        Path interrupted = tmp.resolve("interrupted");
        new Trainer(PaseConfig.from(config(interrupted, 2))).run();
        Trainer.Result b = new Trainer(PaseConfig.from(config(interrupted, 3))).run();
        assertEquals(1, b.history().size(), "only epoch 3 runs after resuming");
        assertEquals(TinyRuns.lossRows(straight), TinyRuns.lossRows(interrupted));
        assertEquals(13, TinyRuns.lossRows(straight).size(), "header + (toy, total) x (train, valid) x 3 epochs");
        assertEquals("epoch,split,worker,loss,learning_rate", TinyRuns.lossRows(straight).get(0));
        assertTrue(TinyRuns.lossRows(straight).get(1).startsWith("1,train,toy,"));
        assertEquals(3, Files.readAllLines(interrupted.resolve("train_log.txt")).size());

        try (Stream<Path> s = Files.list(straight.resolve("save"))) {
            List<String> kept = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(2, kept.size(), "num_ckpts_keep: " + kept);
            assertTrue(kept.contains("epoch-0003"), "the newest is always kept: " + kept);
        }
        Path ckpt = a.checkpoint();
        assertTrue(Files.readString(ckpt.resolve("checkpoint.properties")).contains("version.djl="));
        assertTrue(Files.readString(ckpt.resolve("config.yaml")).contains("toy_labeller"));
        assertTrue(Files.isRegularFile(straight.resolve("versions.yaml")));
    }

    @Test
    void aRunKilledWithSigkillResumesToTheSameLosses() throws Exception {
        Path straight = tmp.resolve("straight");
        new Trainer(PaseConfig.from(config(straight, 4))).run();

        Path killed = tmp.resolve("killed");
        Process child = childPastFirstCheckpoint(killed, tmp.resolve("child.log"));
        child.destroyForcibly().waitFor();
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        assertTrue(Files.readAllLines(killed.resolve("losses.csv")).size() < 17, "the run was cut short");

        new Trainer(PaseConfig.from(config(killed, 4))).run();
        assertEquals(TinyRuns.lossRows(straight), TinyRuns.lossRows(killed));
    }

    @Test
    void sigtermStopsAtAStepBoundarySaysWhereToResumeAndTheResumedRunMatches() throws Exception {
        Path straight = tmp.resolve("straight");
        new Trainer(PaseConfig.from(config(straight, 4))).run();
        Path stopped = tmp.resolve("stopped");
        Path log = tmp.resolve("child.log");
        Process child = childPastFirstCheckpoint(stopped, log);
        child.destroy();   // SIGTERM
        child.waitFor();
        String output = Files.readString(log);
        assertTrue(output.contains("stopped by a signal after step "), output);
        assertTrue(output.contains("rerun the same command to resume after epoch-000"), output);
        try (FileChannel c = FileChannel.open(stopped.resolve(RunLock.FILE), StandardOpenOption.WRITE)) {
            assertTrue(c.tryLock() != null, "the stopped run released its lock");
        }
        new Trainer(PaseConfig.from(config(stopped, 4))).run();
        assertEquals(TinyRuns.lossRows(straight), TinyRuns.lossRows(stopped));
    }

    @Test
    void theLossGoesDownAndTheLearningRateFollowsTheSchedule() throws IOException {
        Path out = tmp.resolve("run");
        List<String> events = new ArrayList<>();
        List<Double> stepTotals = new ArrayList<>();
        Trainer.Result r = new Trainer(PaseConfig.from(config(out, 3))).addListener(new TrainingListener() {
            @Override
            public void onEpochBegin(int epoch, int batches) {
                events.add("begin " + epoch + " of " + batches);
            }

            @Override
            public void onTrainingBatch(int epoch, int batch, Map<String, Float> losses) {
                if (epoch == 1) {
                    stepTotals.add((double) losses.get(TrainStep.TOTAL));
                }
            }

            @Override
            public void onEpoch(EpochResult result) {
                events.add("epoch " + result.epoch());
            }

            @Override
            public void onCheckpoint(int epoch, Path checkpoint) {
                events.add("checkpoint " + checkpoint.getFileName());
            }

            @Override
            public void onTrainingEnd() {
                events.add("end");
            }
        }).run();
        int batches = stepTotals.size();
        assertEquals(List.of("begin 1 of " + batches, "epoch 1", "checkpoint epoch-0001", "begin 2 of " + batches,
                "epoch 2", "checkpoint epoch-0002", "begin 3 of " + batches, "epoch 3", "checkpoint epoch-0003", "end"),
                events);
        assertEquals(r.history().get(0).train().get(TrainStep.TOTAL),
                stepTotals.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), 1e-6,
                "the epoch's training loss is the mean of its steps' losses");
        double first = r.history().get(0).train().get(TrainStep.TOTAL);
        double last = r.history().get(2).train().get(TrainStep.TOTAL);
        assertTrue(last < first, "train loss " + first + " -> " + last);
        List<String> lines = Files.readAllLines(out.resolve("losses.csv"));
        assertTrue(lines.get(1).startsWith("1,train,toy,") && lines.get(1).endsWith(",0.01"), lines.get(1));
        assertTrue(lines.get(2).startsWith("1,train,total,") && lines.get(2).endsWith(",0.002"), lines.get(2));
        assertTrue(lines.get(10).startsWith("3,train,total,") && lines.get(10).endsWith(",0.001"),
                "halved after lr_update_interval=2 epochs: " + lines.get(10));
    }

    @Test
    void normalisedTargetsAreEstimatedOnceSavedAndRestored() throws IOException {
        Map<String, Object> yaml = config(tmp.resolve("straight"), 2);
        yaml.put("normalize_targets", true);
        yaml.put("workers_config", Map.of("regressor", List.of("mfcc")));
        yaml.put("mfcc_model", Map.of("class", "org.pase4j.model.RegressionWorker", "out_channels", 20));
        yaml.put("mfcc_labeller", "org.pase4j.label.MfccLabeller");
        yaml.remove("toy_model");
        yaml.remove("toy_labeller");
        Trainer.Result straight = new Trainer(PaseConfig.from(yaml)).run();
        double first = straight.history().get(0).train().get("mfcc");
        assertTrue(first > 0.3 && first < 5, "z-scored MFCC targets give a loss of order 1, not ~300: " + first);
        assertTrue(Files.size(straight.checkpoint().resolve("normalizers.bin")) > 100);

        Map<String, Object> cut = new LinkedHashMap<>(yaml);
        cut.put("output_folder", tmp.resolve("resumed").toString());
        cut.put("number_of_epochs", 1);
        new Trainer(PaseConfig.from(cut)).run();
        cut.put("number_of_epochs", 2);
        new Trainer(PaseConfig.from(cut)).run();
        assertEquals(TinyRuns.lossRows(tmp.resolve("straight")), TinyRuns.lossRows(tmp.resolve("resumed")));
    }

    @Test
    void badSettingsNameTheirKey() {
        Map<String, Object> yaml = config(tmp, 1);
        yaml.put("batch_sise", 3);
        assertEquals("unknown key 'batch_sise'", message(yaml).substring(0, "unknown key 'batch_sise'".length()));
        yaml = config(tmp, 1);
        yaml.put("decay_factor", 1.5);
        assertEquals("decay_factor: 1.5, expected in (0, 1]", message(yaml));
        yaml = config(tmp, 1);
        yaml.put("batch_size", "eight");
        assertEquals("batch_size: 'eight', expected an integer", message(yaml));
        yaml = config(tmp, 1);
        yaml.put("sample_rate", 8000);
        assertTrue(message(yaml).startsWith("sample_rate: 8000, expected 16000"));
        yaml = config(tmp, 1);
        yaml.remove("output_folder");
        assertEquals("missing key output_folder", message(yaml));
        yaml = config(tmp, 1);
        yaml.put("batch_size", null);
        assertEquals("batch_size: 'null', expected an integer", message(yaml));
        yaml = config(tmp, 1);
        yaml.put("loss_weights", Map.of("tyo", 2));
        assertEquals("loss_weights.tyo: no such worker, expected one of [toy]", message(yaml));
        yaml.put("loss_weights", Map.of("toy", -1));
        assertEquals("loss_weights.toy: -1.0, expected a finite weight >= 0", message(yaml));
        yaml = config(tmp, 1);
        yaml.put("devices", 0);
        assertEquals("devices: 0, expected >= 1", message(yaml));
        yaml = config(tmp, 1);
        yaml.put("speed_jitter_cents", 2000);
        assertEquals("speed_jitter_cents: 2000.0, expected in [0, 1200] (0: none)", message(yaml));
        Map<String, Object> gpu = config(tmp, 1);
        gpu.put("device", "gpu");
        gpu.put("devices", 64);
        String gpus = assertThrows(IllegalStateException.class,
                () -> PaseConfig.from(gpu).training().torchDevices()).getMessage();
        assertTrue(gpus.startsWith("device: gpu and devices: 64, but libtorch"), gpus);
    }

    @Test
    void aWorkerSectionOutsideWorkersConfigIsIgnoredAndEnvCorruptNullIsNoCorruption() {
        Map<String, Object> yaml = config(tmp, 1);
        yaml.put("decoder_model", Map.of("class", "org.pase4j.model.DecoderWorker"));
        yaml.put("decoder_labeller", "org.pase4j.label.WaveformLabeller");
        yaml.put("env_corrupt", null);
        assertEquals(1, new Trainer(PaseConfig.from(yaml)).config().numberOfEpochs(), "unused worker sections are only warned about");
    }

    private static String message(Map<String, Object> yaml) {
        return assertThrows(IllegalArgumentException.class, () -> PaseConfig.from(yaml)).getMessage();
    }

    @Test
    void linearScheduleAnnealsToTheFinalFactor() {
        Map<String, Object> yaml = config(tmp, 5);
        yaml.put("lr_schedule", "linear");
        yaml.put("lr_final_factor", 0.2);
        TrainConfig c = TrainConfig.from(yaml);
        assertEquals(1.0, c.learningRateFactor(1), 1e-12);
        assertEquals(0.6, c.learningRateFactor(3), 1e-7);
        assertEquals(0.2, c.learningRateFactor(5), 1e-7);
    }
}
