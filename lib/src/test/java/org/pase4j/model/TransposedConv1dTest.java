package org.pase4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class TransposedConv1dTest {

    /** The definition of a transposed convolution, by loops. */
    private static float[] naive(float[] x, float[] w, float[] bias, int batch, int in, int out, int length, int k,
            int s, int p) {
        int full = (length - 1) * s + k;
        int outLength = full - 2 * p;
        float[] y = new float[batch * out * outLength];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < out; o++) {
                double[] acc = new double[full];
                for (int c = 0; c < in; c++) {
                    for (int i = 0; i < length; i++) {
                        for (int j = 0; j < k; j++) {
                            acc[i * s + j] += x[(b * in + c) * length + i] * w[(c * out + o) * k + j];
                        }
                    }
                }
                for (int t = 0; t < outLength; t++) {
                    y[(b * out + o) * outLength + t] = (float) (acc[t + p] + bias[o]);
                }
            }
        }
        return y;
    }

    @Test
    void matchesTheDefinitionForSeveralStridesKernelsAndPaddings() {
        int[][] cases = {{3, 2, 7, 3, 2, 5}, {4, 5, 30, 4, 13, 6}, {2, 3, 30, 10, 10, 4}, {2, 2, 4, 4, 0, 3}, {1, 1, 3, 5, 0, 4}};
        for (int[] c : cases) {
            int in = c[0], out = c[1], k = c[2], s = c[3], p = c[4], length = c[5];
            try (NDManager m = NDManager.newBaseManager()) {
                TransposedConv1d layer = new TransposedConv1d(in, out, k, s, p);
                Shape inputShape = new Shape(2, in, length);
                layer.initialize(m, DataType.FLOAT32, inputShape);
                NDArray x = m.randomNormal(inputShape);
                NDArray y = layer.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
                float[] w = layer.getParameters().get("weight").getArray().toFloatArray();
                float[] bias = layer.getParameters().get("bias").getArray().toFloatArray();
                float[] expected = naive(x.toFloatArray(), w, bias, 2, in, out, length, k, s, p);
                assertEquals(layer.getOutputShapes(new Shape[] {inputShape})[0], y.getShape());
                float[] actual = y.toFloatArray();
                assertEquals(expected.length, actual.length);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-4, "case k" + k + " s" + s + " p" + p + " at " + i);
                }
            }
        }
    }

    @Test
    void recipeDecoderStridesUpsample100FramesTo16000Samples() {
        TransposedConv1d a = new TransposedConv1d(100, 512, 30, 4, 13);
        TransposedConv1d b = new TransposedConv1d(512, 256, 30, 4, 13);
        TransposedConv1d c = new TransposedConv1d(256, 128, 30, 10, 10);
        Shape s = c.getOutputShapes(b.getOutputShapes(a.getOutputShapes(new Shape[] {new Shape(1, 100, 100)})))[0];
        assertArrayEquals(new long[] {1, 128, 16000}, s.getShape());
    }
}
