package org.pase4j.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LogPowerSpectrumTest {

    @Test
    void matchesTorchStft() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Float32 reaches ~1e-6 on values up to ~7.
            NDArray lps = LogPowerSpectrum.compute(
                    manager.create(Golden.batch(), new Shape(Golden.NAMES.size(), Golden.SAMPLES)));
            assertEquals(new Shape(Golden.NAMES.size(), LogPowerSpectrum.BINS, Golden.FRAMES), lps.getShape());
            float[] got = lps.toFloatArray();
            for (int s = 0; s < Golden.NAMES.size(); s++) {
                double maxDiff = 0;
                double scale = 0;
                for (double[] row : Golden.table(Golden.NAMES.get(s), "lps")) {
                    int bin = (int) row[0];
                    for (int t = 0; t < Golden.FRAMES; t++) {
                        double e = row[1 + t];
                        maxDiff = Math.max(maxDiff, Math.abs(got[(s * LogPowerSpectrum.BINS + bin) * Golden.FRAMES + t] - e));
                        scale = Math.max(scale, Math.abs(e));
                    }
                }
                System.out.printf("LPS %s: max |diff| %.3g, max value %.2f, relative %.2g%n",
                        Golden.NAMES.get(s), maxDiff, scale, maxDiff / scale);
                assertTrue(maxDiff < 1e-5, Golden.NAMES.get(s) + ": max |diff| " + maxDiff);
            }
        }
    }

    @Test
    void refusesTooShortSignals() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> LogPowerSpectrum.compute(manager.zeros(new Shape(1, 1024))));
        }
    }
}
