package org.pase4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FftTest {

    @Test
    void convolutionAtTheCorruptorsSizeMatchesTheDirectSum() {
        // a 1 s chunk by a 0.8 s room response: the 32768 points that reverberation uses
        SplittableRandom rng = new SplittableRandom(5);
        int length = 16000;
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        float[] h = RoomResponse.synthesise(0.8, rng);
        Fft fft = new Fft(Fft.sizeFor(length + Math.min(h.length, length) - 1));
        assertEquals(32768, fft.size());
        double[] y = fft.convolve(x, 0, length, h);
        for (int n = 0; n < length; n += 97) {
            assertEquals(direct(x, 0, n, h), y[n], 1e-9, "sample " + n);
        }
    }

    @Test
    void convolutionOfTheShortestSignals() {
        float[] x = {0.5f, -2f};
        assertEquals(-1.5, new Fft(1).convolve(x, 1, 1, new float[] {0.75f, 9f})[0], 1e-15);
        double[] y = new Fft(4).convolve(x, 0, 2, new float[] {3f, 1f, 7f});
        assertEquals(1.5, y[0], 1e-15);
        assertEquals(-5.5, y[1], 1e-15);
    }

    private static double direct(float[] x, int offset, int n, float[] h) {
        double sum = 0;
        for (int k = 0; k <= n && k < h.length; k++) {
            sum += (double) h[k] * x[offset + n - k];
        }
        return sum;
    }

    @Test
    void convolutionMatchesTheDirectSumOverTheFirstSamples() {
        SplittableRandom rng = new SplittableRandom(6);
        int length = 37;
        float[] x = new float[length + 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int taps : new int[] {1, 9, 37, 60}) {
            float[] h = new float[taps];
            for (int i = 0; i < taps; i++) {
                h[i] = (float) rng.nextGaussian();
            }
            double[] y = new Fft(Fft.sizeFor(length + Math.min(taps, length) - 1)).convolve(x, 5, length, h);
            assertEquals(length, y.length);
            for (int n = 0; n < length; n++) {
                assertEquals(direct(x, 5, n, h), y[n], 1e-9, "taps " + taps + ", sample " + n);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Fft(32).convolve(x, 0, length, new float[4]));
        assertThrows(IllegalArgumentException.class, () -> new Fft(24));
        assertEquals(1, Fft.sizeFor(1));
        assertEquals(32768, Fft.sizeFor(28799));
        assertEquals(16384, Fft.sizeFor(16384));
    }
}
