package org.pase4j.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;
import org.pase4j.audio.AudioReader;
import org.pase4j.data.CorpusScanner;
import org.pase4j.io.ModelFiles;

class PaseTranslatorTest {

    @TempDir
    static Path shared;

    static Path checkpoint;

    static List<float[]> utterances;

    @BeforeAll
    static void train() throws IOException {
        checkpoint = TinyCheckpoint.train(shared.resolve("run"));
        List<CorpusScanner.Entry> entries = CorpusScanner.scan(TestFiles.bundledCorpus());
        utterances = List.of(Arrays.copyOf(AudioReader.read(entries.get(0).path()), 16000),
                Arrays.copyOf(AudioReader.read(entries.get(40).path()), 12345),
                Arrays.copyOf(AudioReader.read(entries.get(80).path()), 16000));
    }

    /** Frames agree to 1e-5 of the utterance's largest value. */
    private static void assertFrames(float[][] expected, float[][] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": frames");
        float scale = 0;
        for (float[] frame : expected) {
            for (float v : frame) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t].length, actual[t].length, what + ": dimensions");
            for (int d = 0; d < expected[t].length; d++) {
                assertEquals(expected[t][d], actual[t][d], 1e-5 * scale, what + " frame " + t + " dimension " + d);
            }
        }
    }

    @Test
    void aCheckpointLoadsThroughCriteriaAndPredictsAsTheEncoderEmbeds() throws Exception {
        try (PretrainedEncoder encoder = PretrainedEncoder.load(checkpoint);
                ZooModel<float[], float[][]> model = PaseTranslator.criteria(checkpoint).build().loadModel();
                Predictor<float[], float[][]> predictor = model.newPredictor()) {
            assertInstanceOf(EmbeddingBlock.class, model.getBlock());
            float[][] one = predictor.predict(utterances.get(1));
            assertEquals((12345 + 159) / 160, one.length);
            assertEquals(TinyCheckpoint.EMB_DIM, one[0].length);
            assertFrames(encoder.embed(utterances.get(1)), one, "predict");

            List<float[][]> batch = predictor.batchPredict(utterances);
            assertEquals(3, batch.size());
            for (int i = 0; i < utterances.size(); i++) {
                assertFrames(encoder.embed(utterances.get(i)), batch.get(i), "batch item " + i);
            }
        }
    }

    @Test
    void aHandMadeCriteriaTakesATrainingOutputFolderOrANpzFile() throws Exception {
        Path npz = shared.resolve("encoder.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelFiles.exportEncoder(ModelFiles.loadEncoder(checkpoint, manager), npz);
        }
        float[][] expected;
        try (PretrainedEncoder encoder = PretrainedEncoder.load(checkpoint)) {
            expected = encoder.embed(utterances.get(0));
        }
        for (Path source : List.of(shared.resolve("run"), npz)) {
            Criteria<float[], float[][]> criteria = Criteria.builder()
                    .setTypes(float[].class, float[][].class)
                    .optModelPath(source)
                    .optTranslator(new PaseTranslator())
                    .optEngine("PyTorch")
                    .optArgument("blockFactory", PaseBlockFactory.class.getName())
                    .optOption("hasParameter", "false")
                    .build();
            try (ZooModel<float[], float[][]> model = criteria.loadModel();
                    Predictor<float[], float[][]> predictor = model.newPredictor()) {
                assertFrames(expected, predictor.predict(utterances.get(0)), source.toString());
            }
        }
    }

    @Test
    void tooShortAnUtteranceFailsAsATranslateException() throws Exception {
        try (ZooModel<float[], float[][]> model = PaseTranslator.criteria(checkpoint).build().loadModel();
                Predictor<float[], float[][]> predictor = model.newPredictor()) {
            TranslateException e = assertThrows(TranslateException.class, () -> predictor.predict(new float[10]));
            assertTrue(e.getCause() instanceof IllegalArgumentException, String.valueOf(e.getCause()));
        }
    }
}
