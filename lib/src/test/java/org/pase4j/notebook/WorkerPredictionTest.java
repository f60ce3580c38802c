package org.pase4j.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pase4j.data.ChunkBatch;
import org.pase4j.data.Utterance;
import org.pase4j.model.PaseModel;

class WorkerPredictionTest {

    private static PaseModel model(String worker, String modelClass, String labeller, Map<String, Object> options) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("encoder_model", Map.of("blocks_channels", List.of(16, 20), "blocks_kernel_sizes", List.of(51, 1),
                "blocks_strides", List.of(160, 1), "use_qrnn", false));
        yaml.put("workers_config", Map.of("regressor", List.of(worker)));
        Map<String, Object> section = new LinkedHashMap<>(options);
        section.put("class", modelClass);
        yaml.put(worker + "_model", section);
        yaml.put(worker + "_labeller", labeller);
        return PaseModel.fromConfig(yaml);
    }

    /** Two triples of 1 s tones with a little noise. */
    private static ChunkBatch batch() {
        int b = 2;
        int chunk = 16000;
        java.util.Random rng = new java.util.Random(4);
        float[] samples = new float[3 * b * chunk];
        List<Utterance> utterances = new ArrayList<>();
        for (int i = 0; i < 3 * b; i++) {
            for (int t = 0; t < chunk; t++) {
                samples[i * chunk + t] = (float) (0.2 * Math.sin(0.03 * (i + 1) * t) + 0.01 * rng.nextGaussian());
            }
        }
        for (int i = 0; i < b; i++) {
            utterances.add(new Utterance("1-1-" + i, Path.of("x.flac"), 1, Integer.toString(i)));
        }
        return new ChunkBatch(0, 0, chunk, samples, utterances, utterances);
    }

    @Test
    void errorsAreOverTheWholeBatchAndTheMatricesAreTheFirstChunks() {
        Engine.getInstance().setRandomSeed(2);
        PaseModel model = model("mfcc", "org.pase4j.model.RegressionWorker", "org.pase4j.label.MfccLabeller",
                Map.of("out_channels", 20));
        ChunkBatch batch = batch();
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, 16000);
            WorkerPrediction w = WorkerPrediction.of(model, "mfcc", batch, manager);
            PaseModel.Prediction p = model.predict("mfcc", batch, manager);
            float[] predicted = p.prediction().toFloatArray();
            float[] target = p.target().toFloatArray();
            double mse = 0;
            double mean = 0;
            for (int i = 0; i < target.length; i++) {
                mse += (predicted[i] - target[i]) * (predicted[i] - target[i]) / target.length;
                mean += target[i] / target.length;
            }
            double constant = 0;
            for (float t : target) {
                constant += (t - mean) * (t - mean) / target.length;
            }
            assertEquals(mse, w.mse(), 1e-4 * mse);
            assertEquals(constant, w.constantMse(), 1e-4 * constant);
            assertEquals("1-1-0", w.utterance());
            assertEquals(20, w.target().length, "20 coefficients");
            assertEquals(100, w.target()[0].length, "100 frames");
            assertArrayEquals(java.util.Arrays.copyOfRange(target, 100, 200), w.target()[1], 1e-6f);
            assertArrayEquals(java.util.Arrays.copyOfRange(predicted, 0, 100), w.predicted()[0], 1e-6f);
        }
    }

    @Test
    void standardisingPutsEveryTargetRowAtMeanZeroAndDeviationOne() {
        float[][] target = {{1, 2, 3, 4}, {10, 10, 30, 30}};
        float[][] predicted = {{2, 2, 2, 2}, {20, 20, 20, 20}};
        WorkerPrediction s = new WorkerPrediction("w", "u", predicted, target, 0.5, 1).standardisedByTarget();
        for (float[] row : s.target()) {
            double m = 0;
            double v = 0;
            for (float x : row) {
                m += x / row.length;
            }
            for (float x : row) {
                v += (x - m) * (x - m) / row.length;
            }
            assertEquals(0, m, 1e-6);
            assertEquals(1, v, 1e-5);
        }
        assertArrayEquals(new float[] {0, 0, 0, 0}, s.predicted()[1], 1e-6f, "20 is row 1's mean");
        assertEquals(-0.4472, s.predicted()[0][0], 1e-4, "(2 - 2.5) / sqrt(1.25)");
        assertEquals(0.5, s.mse());
    }

    @Test
    void aWorkerWithoutFramesIsRefused() {
        PaseModel model = model("toy", "org.pase4j.model.ToyWorker", "org.pase4j.model.ToyLabeller", Map.of());
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, 16000);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WorkerPrediction.of(model, "toy", batch(), manager));
            assertEquals("worker toy predicts (2, 1) for a target of (2, 1): expected both (batch, channels, frames), "
                    + "a regression worker", e.getMessage());
        }
    }
}
