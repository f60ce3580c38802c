package org.pase4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;
import org.pase4j.audio.NoiseSynth.Colour;

class NoiseSynthTest {

    private static final int SEGMENT = 2048;

    @Test
    void spectralSlopesPerOctaveMatchTheColours() {
        assertSlope(Colour.WHITE, 0);
        assertSlope(Colour.PINK, -3);
        assertSlope(Colour.BROWN, -6);
    }

    @Test
    void zeroMeanUnitRmsAndSeeded() {
        for (Colour colour : Colour.values()) {
            float[] x = NoiseSynth.generate(colour, 16000, new SplittableRandom(3));
            double sum = 0;
            double energy = 0;
            for (float v : x) {
                sum += v;
                energy += v * v;
            }
            assertEquals(0, sum / x.length, 1e-6, colour + " mean");
            assertEquals(1, Math.sqrt(energy / x.length), 1e-5, colour + " RMS");
            assertArrayEquals(x, NoiseSynth.generate(colour, 16000, new SplittableRandom(3)), colour + " seeded");
        }
        assertThrows(IllegalArgumentException.class, () -> NoiseSynth.generate(Colour.WHITE, 1, new SplittableRandom(1)));
    }

    /**
     * Fits a line to the mean power spectral density (Welch: Hann-windowed periodograms of 2048 samples,
     * averaged) of the six octave bands 62.5 Hz … 4 kHz, in dB per octave.
     */
    private static void assertSlope(Colour colour, double expected) {
        int segments = 128;
        float[] x = NoiseSynth.generate(colour, segments * SEGMENT, new SplittableRandom(11));
        double[] psd = new double[SEGMENT / 2 + 1];
        DoubleFFT_1D fft = new DoubleFFT_1D(SEGMENT);
        for (int s = 0; s < segments; s++) {
            double[] a = new double[SEGMENT];
            for (int i = 0; i < SEGMENT; i++) {
                a[i] = x[s * SEGMENT + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / SEGMENT));
            }
            fft.realForward(a);
            psd[0] += a[0] * a[0];
            psd[SEGMENT / 2] += a[1] * a[1];
            for (int k = 1; k < SEGMENT / 2; k++) {
                psd[k] += a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
            }
        }
        double binHz = (double) AudioReader.SAMPLE_RATE / SEGMENT;
        int bands = 6;
        double[] level = new double[bands];
        for (int b = 0; b < bands; b++) {
            double low = 62.5 * (1 << b);
            double sum = 0;
            int count = 0;
            for (int k = 0; k < psd.length; k++) {
                if (k * binHz >= low && k * binHz < 2 * low) {
                    sum += psd[k];
                    count++;
                }
            }
            level[b] = 10 * Math.log10(sum / count);
        }
        double meanX = (bands - 1) / 2.0;
        double meanY = 0;
        for (double l : level) {
            meanY += l / bands;
        }
        double num = 0;
        double den = 0;
        for (int b = 0; b < bands; b++) {
            num += (b - meanX) * (level[b] - meanY);
            den += (b - meanX) * (b - meanX);
        }
        double slope = num / den;
        assertEquals(expected, slope, 1.5, colour + " slope in dB/octave");
    }
}
