package org.pase4j.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class MfccTest {

    @Test
    void matchesTorchaudio() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Float32 reaches ~6e-5 on values up to ~140 (relative 5e-7). All golden signals in one batch: top_db must still be per utterance.
            NDArray mfcc = Mfcc.compute(manager.create(Golden.batch(), new Shape(Golden.NAMES.size(), Golden.SAMPLES)));
            assertEquals(new Shape(Golden.NAMES.size(), Mfcc.COEFFICIENTS, Golden.FRAMES), mfcc.getShape());
            float[] got = mfcc.toFloatArray();
            for (int s = 0; s < Golden.NAMES.size(); s++) {
                double[][] expected = Golden.table(Golden.NAMES.get(s), "mfcc");
                double maxDiff = 0;
                double scale = 0;
                for (int k = 0; k < Mfcc.COEFFICIENTS; k++) {
                    for (int t = 0; t < Golden.FRAMES; t++) {
                        double e = expected[k][t];
                        maxDiff = Math.max(maxDiff, Math.abs(got[(s * Mfcc.COEFFICIENTS + k) * Golden.FRAMES + t] - e));
                        scale = Math.max(scale, Math.abs(e));
                    }
                }
                System.out.printf("MFCC %s: max |diff| %.3g, max |value| %.1f, relative %.2g%n",
                        Golden.NAMES.get(s), maxDiff, scale, maxDiff / scale);
                assertTrue(maxDiff < 5e-4, Golden.NAMES.get(s) + ": max |diff| " + maxDiff);
            }
        }
    }

    @Test
    void refusesInputsThatAreNotABatchOfSignals() {
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Mfcc.compute(manager.zeros(new Shape(2, 1, 16000))));
            assertEquals("MFCC input float32 (2, 1, 16000), expected float32 (batch, samples) with batch >= 1 and "
                    + "samples >= 1025", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Mfcc.compute(manager.zeros(new Shape(2, 1000))));
        }
    }
}
