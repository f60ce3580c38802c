package org.pase4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomEqualizerTest {

    @Test
    void aPeakingSectionHasItsGainAtItsCentreAndNoneFarAway() {
        assertEquals(6.0, gainDb(1000, 1000, 6), 0.05, "+6 dB at the centre");
        assertEquals(-9.0, gainDb(1000, 1000, -9), 0.05, "-9 dB at the centre");
        assertEquals(0.0, gainDb(60, 4000, 12), 0.1, "a 60 Hz tone under a 4 kHz band");
    }

    @Test
    void keepsTheEnergyChangesTheColourAndIsDeterministic() {
        float[] clean = new float[16000];
        SplittableRandom noise = new SplittableRandom(3);
        for (int i = 0; i < clean.length; i++) {
            clean[i] = (float) noise.nextGaussian() * 0.1f;
        }
        float[] a = clean.clone();
        float[] b = clean.clone();
        RandomEqualizer.apply(a, 0, a.length, 12, new SplittableRandom(7));
        RandomEqualizer.apply(b, 0, b.length, 12, new SplittableRandom(7));
        assertArrayEquals(a, b, "same seed, same output");
        assertEquals(energy(clean), energy(a), 1e-4 * energy(clean), "energy kept");
        double difference = 0;
        for (int i = 0; i < a.length; i++) {
            difference += (a[i] - clean[i]) * (a[i] - clean[i]);
        }
        assertTrue(difference > 0.01 * energy(clean), "the colour changed: " + difference / energy(clean));
    }

    @Test
    void theCorruptorEqualisesOnlyWhenAsked() throws Exception {
        float[] clean = new float[2 * 4000];
        for (int i = 0; i < clean.length; i++) {
            clean[i] = (float) Math.sin(i * 0.05) * 0.3f;
        }
        float[] x = clean.clone();
        new EnvironmentCorruptor(new CorruptionOptions(0, 10, 30, 0, 0.2, 0.8, null, null, 0, 0))
                .corrupt(x, 2, 4000, new SplittableRandom(1));
        assertArrayEquals(clean, x, "eq_db 0 and no noise: untouched");
        new EnvironmentCorruptor(new CorruptionOptions(0, 10, 30, 0, 0.2, 0.8, null, null, 0, 10))
                .corrupt(x, 2, 4000, new SplittableRandom(1));
        assertTrue(energy(diff(x, clean)) > 1e-3 * energy(clean), "eq_db 10 changes the chunks");
        assertEquals("env_corrupt.eq_db: 30.0, expected a number of dB in [0, 24]", assertThrows(
                IllegalArgumentException.class, () -> new CorruptionOptions(0, 10, 30, 0, 0.2, 0.8, null, null, 0, 30))
                .getMessage());
    }

    /** Steady-state gain of one section on a tone, in dB (the first half is the transient). */
    private static double gainDb(double toneHz, double centreHz, double gainDb) {
        float[] x = new float[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * toneHz * i / AudioReader.SAMPLE_RATE);
        }
        float[] y = x.clone();
        RandomEqualizer.peak(y, 0, y.length, centreHz, gainDb, 1);
        double in = 0;
        double out = 0;
        for (int i = x.length / 2; i < x.length; i++) {
            in += x[i] * x[i];
            out += y[i] * y[i];
        }
        return 10 * Math.log10(out / in);
    }

    private static float[] diff(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static double energy(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return sum;
    }
}
