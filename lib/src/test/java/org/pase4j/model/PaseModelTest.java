package org.pase4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pase4j.data.ChunkBatch;
import org.pase4j.data.Utterance;
import org.pase4j.train.Labelling;
import org.pase4j.train.TrainStep;

class PaseModelTest {

    /** A small encoder (2 blocks, hop 160) so that tests run fast. */
    static Map<String, Object> smallEncoder() {
        return new LinkedHashMap<>(Map.of("use_qrnn", false, "use_skip_conns", true,
                "blocks_channels", List.of(16, 32, 20), "blocks_kernel_sizes", List.of(51, 21, 1),
                "blocks_strides", List.of(1, 160, 1)));
    }

    static Map<String, Object> toyConfig() {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("encoder_model", smallEncoder());
        yaml.put("workers_config", Map.of("regressor", List.of("toy")));
        yaml.put("toy_model", Map.of("class", ToyWorker.class.getName()));
        yaml.put("toy_labeller", ToyLabeller.class.getName());
        return yaml;
    }

    static ChunkBatch batch(int b, int chunk, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        float[] samples = new float[3 * b * chunk];
        List<Utterance> utts = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            float level = 0.05f + 0.1f * i;
            for (int r : new int[] {i, b + i, 2 * b + i}) {
                for (int t = 0; t < chunk; t++) {
                    samples[r * chunk + t] = (float) (level * Math.sin(0.05 * (i + 1) * t) + 0.01 * rng.nextGaussian());
                }
            }
            utts.add(new Utterance("1-1-" + i, java.nio.file.Path.of("x.flac"), 1, Integer.toString(i)));
        }
        return new ChunkBatch(0, 0, chunk, samples, utts, utts);
    }

    @Test
    void aWorkerDefinedOnlyInTheTestsTrainsFromItsYamlEntries() {
        Engine.getInstance().setRandomSeed(5);
        PaseModel model = PaseModel.fromConfig(toyConfig());
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, 3200);
            TrainStep step = new TrainStep(model, manager, 1e-3f, 1e-2f, 0);
            ChunkBatch batch = batch(4, 3200, 1);
            float first = step.run(batch).get("toy");
            float last = first;
            for (int i = 0; i < 30; i++) {
                last = step.run(batch).get("toy");
            }
            assertTrue(last < first * 0.5, "toy loss " + first + " -> " + last);
            List<ModelSummary.Row> rows = ModelSummary.rows(model, 3200);
            assertEquals("worker.toy", rows.get(rows.size() - 1).module());
        }
    }

    @Test
    void lossWeightsScaleEachWorkerInTheMeanAndTheSum() {
        Map<String, Object> yaml = toyConfig();
        yaml.put("workers_config", Map.of("regressor", List.of("toy", "twin")));
        yaml.put("twin_model", Map.of("class", ToyWorker.class.getName()));
        yaml.put("twin_labeller", ToyLabeller.class.getName());
        for (String combination : List.of("mean", "sum")) {
            yaml.put("loss_combination", combination);
            yaml.put("loss_weights", Map.of("toy", 3, "twin", 0.5));
            Engine.getInstance().setRandomSeed(5);
            PaseModel model = PaseModel.fromConfig(yaml);
            try (NDManager manager = NDManager.newBaseManager()) {
                model.initialize(manager, 3200);
                ChunkBatch batch = batch(2, 3200, 1);
                PaseModel.Losses losses = model.losses(new ai.djl.training.ParameterStore(manager, false),
                        batch.toNDArray(manager), Labelling.targets(model, batch, manager), false);
                double expected = (3 * losses.workers().get("toy").getFloat()
                        + 0.5 * losses.workers().get("twin").getFloat()) / (combination.equals("mean") ? 2 : 1);
                assertEquals(expected, losses.total().getFloat(), 1e-5 * expected, combination);
            }
        }
    }

    @Test
    void predictReturnsWhatLossesScoresForOneWorkerWithItsTargetZScored() {
        Map<String, Object> yaml = toyConfig();
        yaml.put("workers_config", Map.of("regressor", List.of("toy", "mfcc")));
        yaml.put("mfcc_model", Map.of("class", RegressionWorker.class.getName(), "out_channels", 20));
        yaml.put("mfcc_labeller", "org.pase4j.label.MfccLabeller");
        Engine.getInstance().setRandomSeed(5);
        PaseModel model = PaseModel.fromConfig(yaml);
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, 3200);
            ChunkBatch batch = batch(3, 3200, 2);
            float[] mean = new float[20];
            float[] std = new float[20];
            for (int c = 0; c < 20; c++) {
                mean[c] = 0.1f * c;
                std[c] = 2;
            }
            for (boolean zScored : new boolean[] {false, true}) {
                if (zScored) {
                    model.setNormalizer("mfcc", org.pase4j.label.TargetNormalizer.of(mean, std, manager));
                }
                PaseModel.Prediction p = model.predict("mfcc", batch, manager);
                float[] raw = model.workers().get(1).labeller().label(batch, manager).toFloatArray();
                float[] target = p.target().toFloatArray();
                int frames = (int) p.target().getShape().get(2);
                for (int i = 0; i < raw.length; i++) {
                    int c = i / frames % 20;
                    assertEquals(zScored ? (raw[i] - mean[c]) / std[c] : raw[i], target[i], 1e-4);
                }
                PaseModel.Losses losses = model.losses(new ai.djl.training.ParameterStore(manager, false),
                        batch.toNDArray(manager), Labelling.targets(model, batch, manager), false);
                WorkerSlot mfcc = model.workers().get(1);
                assertEquals(losses.workers().get("mfcc").getFloat(), mfcc.worker().loss(p.prediction(), p.target())
                        .getFloat(), 1e-5, "z-scored " + zScored);
            }
            assertEquals("no worker 'lps': expected one of [toy, mfcc]", assertThrows(IllegalArgumentException.class,
                    () -> model.predict("lps", batch(1, 3200, 1), manager)).getMessage());
        }
    }

    private static String error(Map<String, Object> yaml) {
        return assertThrows(IllegalArgumentException.class, () -> PaseModel.fromConfig(yaml)).getMessage();
    }

    @Test
    void wrongClassNamesAndMissingKeysNameTheKey() {
        Map<String, Object> yaml = toyConfig();
        yaml.put("toy_model", Map.of("class", "org.pase4j.model.NoSuchWorker"));
        assertEquals("toy_model.class: class 'org.pase4j.model.NoSuchWorker' not found on the classpath", error(yaml));
        yaml.put("toy_model", Map.of("class", ToyLabeller.class.getName()));
        assertEquals("toy_model.class: class '" + ToyLabeller.class.getName() + "' is not a org.pase4j.model.Worker",
                error(yaml));
        yaml = toyConfig();
        yaml.remove("toy_labeller");
        assertTrue(error(yaml).startsWith("missing key toy_labeller: 'null', expected the class name of a "
                + "org.pase4j.label.Labeller for worker toy"));
        yaml = toyConfig();
        yaml.remove("toy_model");
        assertEquals("missing key toy_model", error(yaml));
        yaml = toyConfig();
        yaml.put("workers_config", Map.of("regresor", List.of("toy")));
        assertEquals("workers_config: unknown key 'regresor', expected one of [classifier, regressor]", error(yaml));
        yaml = toyConfig();
        yaml.put("mfcc_model", Map.of("class", RegressionWorker.class.getName()));
        yaml.put("mfcc_labeller", ToyLabeller.class.getName());
        yaml.put("workers_config", Map.of("regressor", List.of("toy", "mfcc")));
        assertEquals("mfcc_model: missing key 'out_channels'", error(yaml));
        yaml.put("loss_combination", "median");
        yaml.put("workers_config", Map.of("regressor", List.of("toy")));
        assertEquals("loss_combination: 'median', expected mean or sum", error(yaml));
    }
}
