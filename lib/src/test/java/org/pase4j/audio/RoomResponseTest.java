package org.pase4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoomResponseTest {

    @Test
    void schroederDecayGivesTheRequestedRt60() {
        for (double rt60 : new double[] {0.2, 0.5, 0.8}) {
            for (long seed = 1; seed <= 3; seed++) {
                float[] h = RoomResponse.synthesise(rt60, new SplittableRandom(seed));
                double measured = schroederRt60(h);
                assertEquals(rt60, measured, 0.15 * rt60, "RT60 " + rt60 + " seed " + seed);
            }
        }
    }

    @Test
    void unitEnergyDirectPathFirstAndSeeded() {
        float[] h = RoomResponse.synthesise(0.3, new SplittableRandom(4));
        assertEquals(4800, h.length);
        double energy = 0;
        for (int i = 0; i < h.length; i++) {
            energy += h[i] * h[i];
            if (i > 0) {
                assertTrue(Math.abs(h[i]) < h[0], "direct path is the largest sample");
            }
        }
        assertEquals(1, energy, 1e-5);
        assertEquals(Math.sqrt(0.5), h[0], 1e-6, "direct-to-reverberant ratio 0 dB");
        assertArrayEquals(h, RoomResponse.synthesise(0.3, new SplittableRandom(4)));
        assertThrows(IllegalArgumentException.class, () -> RoomResponse.synthesise(0, new SplittableRandom(4)));
        assertThrows(IllegalArgumentException.class, () -> RoomResponse.synthesise(11, new SplittableRandom(4)));
    }

    /** T30: slope of the backward-integrated energy decay between −5 and −35 dB, extrapolated to −60 dB. */
    static double schroederRt60(float[] h) {
        double[] edc = new double[h.length];
        double sum = 0;
        for (int i = h.length - 1; i >= 0; i--) {
            sum += (double) h[i] * h[i];
            edc[i] = sum;
        }
        double n = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < h.length; i++) {
            double db = 10 * Math.log10(edc[i] / edc[0]);
            if (db <= -5 && db >= -35) {
                double t = (double) i / AudioReader.SAMPLE_RATE;
                n++;
                sx += t;
                sy += db;
                sxx += t * t;
                sxy += t * db;
            }
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        return -60 / slope;
    }
}
