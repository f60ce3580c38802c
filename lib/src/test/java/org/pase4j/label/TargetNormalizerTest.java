package org.pase4j.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TargetNormalizerTest {

    private static final int C = 3;
    private static final int FRAMES = 50;

    /** Channel c has mean 10^c and standard deviation 2^c; channel 2 of batch 2 is offset to test pooling. */
    private static float[] values(int batch, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[batch * C * FRAMES];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < C; c++) {
                for (int t = 0; t < FRAMES; t++) {
                    double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                            * Math.cos(2 * Math.PI * random.nextDouble());
                    v[(b * C + c) * FRAMES + t] = (float) (Math.pow(10, c) + Math.pow(2, c) * gaussian);
                }
            }
        }
        return v;
    }

    @Test
    void poolsStatisticsOverBatchesAndNormalisesEachChannel() {
        float[] first = values(4, 1);
        float[] second = values(6, 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(first, new Shape(4, C, FRAMES));
            NDArray b = manager.create(second, new Shape(6, C, FRAMES));
            try (TargetNormalizer normalizer = new TargetNormalizer.Estimator().add(a).add(b).build(manager)) {
                // Reference: two-pass statistics over all values of each channel.
                float[] mean = normalizer.mean().toFloatArray();
                float[] std = normalizer.std().toFloatArray();
                for (int c = 0; c < C; c++) {
                    double sum = 0;
                    double squares = 0;
                    int n = 0;
                    for (float[] v : new float[][] {first, second}) {
                        for (int i = 0; i < v.length; i++) {
                            if (i / FRAMES % C == c) {
                                sum += v[i];
                                n++;
                            }
                        }
                    }
                    double m = sum / n;
                    for (float[] v : new float[][] {first, second}) {
                        for (int i = 0; i < v.length; i++) {
                            if (i / FRAMES % C == c) {
                                squares += (v[i] - m) * (v[i] - m);
                            }
                        }
                    }
                    assertEquals(m, mean[c], 1e-5 * Math.abs(m), "mean of channel " + c);
                    assertEquals(Math.sqrt(squares / n), std[c], 1e-5, "std of channel " + c);
                }
                NDArray z = normalizer.normalize(a.concat(b));
                assertEquals(new Shape(10, C, FRAMES), z.getShape());
                NDArray perChannel = z.transpose(1, 0, 2).reshape(C, -1);
                assertArrayEquals(new float[C], perChannel.mean(new int[] {1}).toFloatArray(), 1e-4f);
                assertArrayEquals(new float[] {1, 1, 1}, perChannel.square().mean(new int[] {1}).sqrt().toFloatArray(),
                        1e-4f);
                assertArrayEquals(first, normalizer.denormalize(normalizer.normalize(a)).toFloatArray(), 1e-4f);
            }
        }
    }

    @Test
    void encodesAndDecodesItsStatistics() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(values(2, 3), new Shape(2, C, FRAMES));
            try (TargetNormalizer saved = new TargetNormalizer.Estimator().add(a).build(manager);
                    TargetNormalizer loaded = TargetNormalizer.decode(saved.encode(), manager)) {
                assertEquals(C, loaded.channels());
                assertArrayEquals(saved.mean().toFloatArray(), loaded.mean().toFloatArray());
                assertArrayEquals(saved.std().toFloatArray(), loaded.std().toFloatArray());
                assertArrayEquals(saved.normalize(a).toFloatArray(), loaded.normalize(a).toFloatArray());
            }
        }
    }

    @Test
    void aConstantChannelNormalisesToZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray ones = manager.ones(new Shape(2, 1, 10));
            try (TargetNormalizer normalizer = new TargetNormalizer.Estimator().add(ones).build(manager)) {
                assertEquals((float) TargetNormalizer.MIN_STD, normalizer.std().getFloat(0, 0, 0));
                assertArrayEquals(new float[20], normalizer.normalize(ones).toFloatArray());
            }
        }
    }

    @Test
    void refusesMismatchedTargetsAndBadBytes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TargetNormalizer.Estimator estimator = new TargetNormalizer.Estimator();
            assertThrows(IllegalStateException.class, () -> estimator.build(manager));
            estimator.add(manager.zeros(new Shape(2, C, 5)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> estimator.add(manager.zeros(new Shape(2, 4, 5))));
            assertEquals("target float32 (2, 4, 5), expected a non-empty float32 (N, 3, frames)", e.getMessage());
            try (TargetNormalizer normalizer = estimator.build(manager)) {
                e = assertThrows(IllegalArgumentException.class, () -> normalizer.normalize(manager.zeros(new Shape(2, 20, 5))));
                assertEquals("target (2, 20, 5), expected (N, 3, frames)", e.getMessage());
            }
            byte[] oneArray = new ai.djl.ndarray.NDList(manager.zeros(new Shape(1, C, 1))).encode();
            assertThrows(IllegalArgumentException.class, () -> TargetNormalizer.decode(oneArray, manager));
            assertThrows(IllegalArgumentException.class, () -> TargetNormalizer.decode(new byte[12], manager));
        }
    }
}
