package org.pase4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.ParameterList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TinyRuns;
import org.pase4j.config.PaseConfig;
import org.pase4j.io.ModelFiles;
import org.pase4j.model.Encoder;

/**
 * Data-parallel training ({@code devices}) on CPU replicas: the same code path as several GPUs, checked against
 * one replica with the whole batch.
 */
class DataParallelTest {

    @TempDir
    Path tmp;

    /** A tiny run without batch statistics (no BatchNorm) with a regressor and the global info-max worker. */
    private static Map<String, Object> config(Path out, int epochs, int devices) {
        Map<String, Object> yaml = TinyRuns.config(out, epochs);
        @SuppressWarnings("unchecked")
        Map<String, Object> encoder = new HashMap<>((Map<String, Object>) yaml.get("encoder_model"));
        encoder.put("batch_norm", false);
        yaml.put("encoder_model", encoder);
        yaml.put("workers_config", Map.of("regressor", List.of("toy"), "classifier", List.of("gim")));
        yaml.put("gim_model", Map.of("class", "org.pase4j.model.InfoMaxWorker", "scope", "global",
                "hidden_channels", 16));
        yaml.put("gim_labeller", "org.pase4j.label.GimLabeller");
        yaml.put("devices", devices);
        return yaml;
    }

    @Test
    void twoReplicasWithHalfBatchesGiveTheUpdateOfOneWithTheWholeBatch() throws IOException {
        Trainer.Result one = new Trainer(PaseConfig.from(config(tmp.resolve("one"), 2, 1))).run();
        Trainer.Result two = new Trainer(PaseConfig.from(config(tmp.resolve("two"), 2, 2))).run();
        for (int e = 0; e < 2; e++) {
            Map<String, Double> a = one.history().get(e).train();
            Map<String, Double> b = two.history().get(e).train();
            assertEquals(a.keySet(), b.keySet());
            for (String worker : a.keySet()) {
                assertEquals(a.get(worker), b.get(worker), 1e-4 * Math.abs(a.get(worker)),
                        "epoch " + (e + 1) + " " + worker);
            }
            assertEquals(one.history().get(e).valid().get(TrainStep.TOTAL),
                    two.history().get(e).valid().get(TrainStep.TOTAL), 1e-4);
        }
        assertNotEquals(one.history().get(1).train(), two.history().get(1).train(),
                "the split batch is summed in another order, so its float rounding differs");
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder a = ModelFiles.loadEncoder(one.checkpoint(), manager);
            Encoder b = ModelFiles.loadEncoder(two.checkpoint(), manager);
            Encoder before = ModelFiles.loadEncoder(one.checkpoint().resolveSibling("epoch-0001"), manager);
            double apart = largestRelativeDifference(a, b);
            assertTrue(apart < 1e-4, "largest relative parameter difference " + apart);
            double moved = largestRelativeDifference(a, before);
            assertTrue(moved > 1e-2, "an epoch changes the parameters far more than that: " + moved);
        }
    }

    private static double largestRelativeDifference(Encoder a, Encoder b) {
        ParameterList pa = a.getParameters();
        ParameterList pb = b.getParameters();
        assertEquals(pa.size(), pb.size());
        double largest = 0;
        for (int i = 0; i < pa.size(); i++) {
            NDArray x = pa.get(i).getValue().getArray();
            NDArray y = pb.get(i).getValue().getArray();
            largest = Math.max(largest, x.sub(y).abs().max().getFloat() / (x.abs().max().getFloat() + 1e-12));
        }
        return largest;
    }

    @Test
    void aRunOnTwoReplicasResumesExactly() throws IOException {
        Path straight = tmp.resolve("straight");
        new Trainer(PaseConfig.from(config(straight, 3, 2))).run();
        Path interrupted = tmp.resolve("interrupted");
        new Trainer(PaseConfig.from(config(interrupted, 2, 2))).run();
        Trainer.Result resumed = new Trainer(PaseConfig.from(config(interrupted, 3, 2))).run();
        assertEquals(1, resumed.history().size(), "only epoch 3 runs after resuming");
        assertEquals(TinyRuns.lossRows(straight), TinyRuns.lossRows(interrupted));
    }
}
