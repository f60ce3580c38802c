package org.pase4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunksTest {

    private static final float[] SIGNAL = {0, 1, 2, 3};

    @Test
    void reflectMatchesNumpyReflectPadding() {
        // numpy.pad([0, 1, 2, 3], (5, 6), mode="reflect")
        float[] expected = {1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2, 3};
        float[] out = new float[expected.length];
        Chunks.copy(SIGNAL, -5, expected.length, out, 0);
        assertArrayEquals(expected, out);
        assertEquals(0, Chunks.reflect(7, 1));
    }

    @Test
    void cropInsideTheSignalIsAPlainCopy() {
        float[] out = new float[5];
        Chunks.copy(SIGNAL, 1, 2, out, 3);
        assertArrayEquals(new float[] {0, 0, 0, 1, 2}, out);
    }

    @Test
    void randomCropsCoverEveryStartAndStayInside() {
        float[] wav = new float[10];
        for (int i = 0; i < wav.length; i++) {
            wav[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(1);
        boolean[] seen = new boolean[7];
        float[] out = new float[4];
        for (int k = 0; k < 500; k++) {
            Chunks.randomCrop(wav, 4, rng, out, 0);
            int start = (int) out[0];
            assertArrayEquals(new float[] {start, start + 1, start + 2, start + 3}, out);
            seen[start] = true;
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
    }

    @Test
    void shortSignalsAreReflectPaddedToTheChunkSize() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] out = new float[9];
        for (int k = 0; k < 50; k++) {
            Chunks.randomCrop(SIGNAL, 9, rng, out, 0);
            // every chunk holds the whole signal once, in order, somewhere inside
            boolean found = false;
            for (int s = 0; s + 4 <= 9 && !found; s++) {
                found = out[s] == 0 && out[s + 1] == 1 && out[s + 2] == 2 && out[s + 3] == 3;
            }
            assertTrue(found);
        }
    }

    @Test
    void resampleReadsTheSignalAtAnotherSpeed() {
        float[] tone = new float[4000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) Math.sin(2 * Math.PI * 200 * i / 16000.0);
        }
        float[] out = new float[3000];
        Chunks.resample(tone, 1.25, out, 0, out.length);
        for (int i = 0; i < out.length; i++) {
            // the same tone 25 % higher: linear interpolation is within 1e-3 of it at this frequency
            assertEquals(Math.sin(2 * Math.PI * 250 * i / 16000.0), out[i], 1e-3, "sample " + i);
        }
        float[] same = new float[10];
        Chunks.resample(tone, 1, same, 0, same.length);
        assertArrayEquals(java.util.Arrays.copyOf(tone, 10), same);
    }
}
