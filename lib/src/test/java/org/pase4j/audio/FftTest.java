package org.pase4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FftTest {

    @Test
    void transformMatchesTheDefinitionAndInverts() {
        int n = 16;
        SplittableRandom rng = new SplittableRandom(5);
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = rng.nextGaussian();
            im[i] = rng.nextGaussian();
        }
        double[] re0 = re.clone();
        double[] im0 = im.clone();
        Fft fft = new Fft(n);
        fft.transform(re, im, false);
        for (int k = 0; k < n; k++) {
            double sr = 0;
            double si = 0;
            for (int t = 0; t < n; t++) {
                double a = -2 * Math.PI * k * t / n;
                sr += re0[t] * Math.cos(a) - im0[t] * Math.sin(a);
                si += re0[t] * Math.sin(a) + im0[t] * Math.cos(a);
            }
            assertEquals(sr, re[k], 1e-12, "re " + k);
            assertEquals(si, im[k], 1e-12, "im " + k);
        }
        fft.transform(re, im, true);
        for (int i = 0; i < n; i++) {
            assertEquals(re0[i], re[i], 1e-12);
            assertEquals(im0[i], im[i], 1e-12);
        }
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
                double direct = 0;
                for (int k = 0; k <= n && k < taps; k++) {
                    direct += (double) h[k] * x[5 + n - k];
                }
                assertEquals(direct, y[n], 1e-9, "taps " + taps + ", sample " + n);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Fft(32).convolve(x, 0, length, new float[4]));
        assertThrows(IllegalArgumentException.class, () -> new Fft(24));
        assertEquals(1, Fft.sizeFor(1));
        assertEquals(32768, Fft.sizeFor(28799));
        assertEquals(16384, Fft.sizeFor(16384));
    }
}
