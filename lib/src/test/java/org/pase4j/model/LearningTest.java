package org.pase4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;
import org.pase4j.config.ConfigFile;
import org.pase4j.data.AudioCache;
import org.pase4j.data.ChunkBatch;
import org.pase4j.data.ChunkSampler;
import org.pase4j.data.DataPreparer;
import org.pase4j.data.Splits;
import org.pase4j.data.Utterance;
import org.pase4j.train.TrainStep;

/** The recipe model (train.yaml: encoder with SincConv, QRNN and skips, all seven workers) learns. */
class LearningTest {

    @Test
    void everyWorkersLossFallsOnAFewBundledUtterances(@TempDir Path tmp) throws IOException {
        Map<String, Object> yaml = ConfigFile.load(TestFiles.repo().resolve("train.yaml"), List.of());
        List<Utterance> train = new DataPreparer(Splits.DEFAULT, 1986).prepare(TestFiles.bundledCorpus(), tmp, false)
                .splits().get("train");
        ChunkBatch batch = new ChunkSampler(train.subList(0, 40), 16000, 2, 4, new AudioCache(10_000_000))
                .epoch(0, 0).next();
        Engine.getInstance().setRandomSeed(1986);
        PaseModel model = PaseModel.fromConfig(yaml);
        assertEquals(List.of("decoder", "mfcc", "prosody", "lps", "lim", "gim", "spc"),
                model.workers().stream().map(WorkerSlot::name).toList());
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, 16000);
            TrainStep step = new TrainStep(model, manager, 5e-4f, 1e-3f, 0);
            List<Map<String, Float>> history = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                history.add(step.run(batch));
            }
            for (WorkerSlot w : model.workers()) {
                double first = mean(history.subList(0, 5), w.name());
                double last = mean(history.subList(19, 24), w.name());
                assertTrue(last < first, w.name() + " loss " + first + " -> " + last);
            }
            assertTrue(mean(history.subList(19, 24), TrainStep.TOTAL) < 0.8 * mean(history.subList(0, 5), TrainStep.TOTAL));
        }
    }

    private static double mean(List<Map<String, Float>> steps, String key) {
        return steps.stream().mapToDouble(m -> m.get(key)).average().orElseThrow();
    }
}
