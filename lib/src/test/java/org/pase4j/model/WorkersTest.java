package org.pase4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pase4j.util.Options;

class WorkersTest {

    private static final Shape EMBEDDINGS = new Shape(6, 100, 100);

    private static Shape run(Worker worker, long expectedParameters) {
        try (NDManager manager = NDManager.newBaseManager()) {
            worker.initialize(manager, DataType.FLOAT32, EMBEDDINGS);
            assertEquals(expectedParameters, ModelSummary.trainable(worker));
            NDArray y = worker.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(EMBEDDINGS)), false).singletonOrThrow();
            assertEquals(worker.getOutputShapes(new Shape[] {EMBEDDINGS})[0], y.getShape());
            return y.getShape();
        }
    }

    private static Options options(String section, Map<String, Object> values) {
        return new Options(section, values);
    }

    @Test
    void everyRecipeWorkerHasTheSpecsShapeAndParameterCount() {
        Engine.getInstance().setRandomSeed(1);
        assertEquals(new Shape(2, 1, 16000), run(new DecoderWorker(options("decoder_model", Map.of()), 100), 6_488_321));
        assertEquals(new Shape(2, 20, 100),
                run(new RegressionWorker(options("mfcc_model", Map.of("out_channels", 20)), 100), 31_252));
        assertEquals(new Shape(2, 4, 100),
                run(new RegressionWorker(options("prosody_model", Map.of("out_channels", 4)), 100), 27_140));
        assertEquals(new Shape(2, 1025, 100),
                run(new RegressionWorker(options("lps_model", Map.of("out_channels", 1025)), 100), 289_537));
        assertEquals(new Shape(4, 1, 100),
                run(new InfoMaxWorker(options("lim_model", Map.of("scope", "local")), 100), 51_969));
        assertEquals(new Shape(4, 1, 1),
                run(new InfoMaxWorker(options("gim_model", Map.of("scope", "global")), 100), 51_969));
        assertEquals(new Shape(4, 1, 1), run(new SpcWorker(options("spc_model", Map.of()), 100), 154_369));
    }

    @Test
    void lossesMatchTheirDefinitions() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] z = {-30f, -1.5f, 0f, 2f, 40f};
            float[] y = {0f, 1f, 1f, 0f, 1f};
            double expected = 0;
            for (int i = 0; i < z.length; i++) {
                double p = 1 / (1 + Math.exp(-z[i]));
                // log(sigmoid) computed stably for the extreme logits
                double logP = z[i] > 0 ? -Math.log1p(Math.exp(-z[i])) : z[i] - Math.log1p(Math.exp(z[i]));
                double log1mP = z[i] > 0 ? -z[i] - Math.log1p(Math.exp(-z[i])) : -Math.log1p(Math.exp(z[i]));
                expected -= y[i] * logP + (1 - y[i]) * log1mP;
                assertEquals(true, p >= 0);
            }
            expected /= z.length;
            NDArray bce = Worker.binaryCrossEntropy(m.create(z), m.create(y));
            assertEquals(expected, bce.getFloat(), 1e-6);
            InfoMaxWorker lim = new InfoMaxWorker(options("lim_model", Map.of()), 100);
            assertEquals(expected, lim.loss(m.create(z), m.create(y)).getFloat(), 1e-6);
            RegressionWorker mse = new RegressionWorker(options("m", Map.of("out_channels", 1)), 100);
            assertEquals((1 + 4 + 0.25) / 3, mse.loss(m.create(new float[] {1, 2, 0.5f}), m.zeros(new Shape(3))).getFloat(),
                    1e-6);
            DecoderWorker l1 = new DecoderWorker(options("d", Map.of()), 100);
            assertEquals((1 + 2 + 0.5) / 3, l1.loss(m.create(new float[] {1, -2, 0.5f}), m.zeros(new Shape(3))).getFloat(),
                    1e-6);
        }
    }

    @Test
    void spcDrawsPositionsInItsRangesAndNeedsSixtyOneFrames() {
        SpcWorker spc = new SpcWorker(options("spc_model", Map.of()), 100);
        for (int i = 0; i < 200; i++) {
            SpcWorker.Positions p = spc.positions(61);
            assertEquals(30, p.anchor(), "61 frames leave one anchor frame");
            assertTrue(p.future() >= 45 && p.future() < 56, "future " + p.future());
            assertTrue(p.past() >= 5 && p.past() < 15, "past " + p.past());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spc.positions(60));
        assertEquals("spc needs at least 61 frames per chunk, got 60", e.getMessage());
    }
}
