package org.pase4j.downstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pase4j.TestFiles;
import org.pase4j.audio.AudioReader;
import org.pase4j.config.PaseConfig;
import org.pase4j.data.CorpusScanner;
import org.pase4j.model.ReceptiveField;

class PretrainedEncoderTest {

    /** Float rounding allowed between a batch and one utterance alone: absolute 1e-4 plus relative 1e-4. */
    private static boolean close(float batched, float alone) {
        return Math.abs(batched - alone) <= 1e-4f + 1e-4f * Math.abs(alone);
    }

    /** Four bundled utterances of different lengths. */
    private static List<float[]> utterances() throws IOException {
        List<CorpusScanner.Entry> entries = CorpusScanner.scan(TestFiles.bundledCorpus());
        List<float[]> audio = new ArrayList<>();
        for (int i : new int[] {3, 40, 77, 150}) {
            audio.add(AudioReader.read(entries.get(i).path()));
        }
        return audio;
    }

    private static float[] followedBySilence(float[] samples, int zeros) {
        return Arrays.copyOf(samples, samples.length + zeros);
    }

    /**
     * Padded batching against one utterance at a time, for the encoders of quick.yaml (no QRNN) and
     * train.yaml (QRNN) at random initialisation: frames before an utterance's receptive-field tail are
     * the same within rounding; of the tail, at most {@link ReceptiveField#tailFrames} frames differ, and
     * they are those of the utterance followed by silence, whatever it was batched with.
     */
    @Test
    void aPaddedBatchGivesEveryUtteranceItsOwnFramesFollowedBySilence() throws IOException {
        List<float[]> audio = utterances();
        for (String recipe : List.of("quick.yaml", "train.yaml")) {
            PaseConfig config = PaseConfig.load(TestFiles.repo().resolve(recipe), List.of());
            ReceptiveField field = ReceptiveField.of(config.model().encoder());
            try (PretrainedEncoder encoder = PretrainedEncoder.random(config.model().encoder(), 1986)) {
                List<float[][]> batched = encoder.embedPadded(audio);
                for (int u = 0; u < audio.size(); u++) {
                    float[] samples = audio.get(u);
                    String what = recipe + ", utterance " + u + " (" + samples.length + " samples)";
                    float[][] alone = encoder.embed(samples);
                    float[][] padded = batched.get(u);
                    assertEquals((samples.length + 159) / 160, padded.length, what);
                    int tail = field.tailFrames(samples.length);
                    int differing = 0;
                    for (int t = 0; t < alone.length; t++) {
                        if (!close(padded[t], alone[t])) {
                            assertTrue(t >= alone.length - tail, what + ": frame " + t + " of " + alone.length
                                    + " differs, before the last " + tail);
                            differing++;
                        }
                    }
                    assertTrue(differing > 0, what + ": silence after it changes its tail");
                    float[][] silence = encoder.embed(followedBySilence(samples, field.lookahead() + 3000));
                    float[][] batchOfOne = encoder.embedPadded(List.of(samples)).get(0);
                    for (int t = 0; t < alone.length; t++) {
                        assertTrue(close(padded[t], silence[t]), what + ": frame " + t + " is not that of it followed by silence");
                        assertTrue(close(padded[t], batchOfOne[t]), what + ": frame " + t + " depends on its batch");
                    }
                }
            }
        }
    }

    private static boolean close(float[] batched, float[] alone) {
        for (int d = 0; d < alone.length; d++) {
            if (!close(batched[d], alone[d])) {
                return false;
            }
        }
        return true;
    }

    @Test
    void embedIsTheEncodersForwardPassAndTooShortUtterancesAreRefused() throws IOException {
        PaseConfig config = PaseConfig.load(TestFiles.repo().resolve("quick.yaml"), List.of());
        float[] audio = utterances().get(0);
        try (PretrainedEncoder encoder = PretrainedEncoder.random(config.model().encoder(), 7);
                NDManager manager = NDManager.newBaseManager()) {
            float[][] forward = PretrainedEncoder.rows(
                    encoder.embed(manager.create(audio, new Shape(1, 1, audio.length))).get(0));
            float[][] alone = encoder.embed(audio);
            assertEquals(forward.length, alone.length);
            for (int t = 0; t < alone.length; t++) {
                assertArrayEquals(forward[t], alone[t], 0f, "frame " + t);
            }
            assertEquals(401, encoder.minSamples());
            assertEquals("utterance 1 has 400 samples, expected at least 401 for the encoder's reflect padding",
                    assertThrows(IllegalArgumentException.class,
                            () -> encoder.embedPadded(List.of(audio, new float[400]))).getMessage());
            assertEquals("utterance 0 has 400 samples, expected at least 401 for the encoder's reflect padding",
                    assertThrows(IllegalArgumentException.class, () -> encoder.embed(new float[400])).getMessage());
            assertEquals(List.of(), encoder.embedPadded(List.of()));
        }
    }
}
