package org.pase4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** libtorch's kernels through the TorchScript modules, against their definitions. */
class NativeOpsTest {

    @Test
    void preluAndItsGradientsFollowTheDefinition() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {-2, -0.5f, 0, 1.5f, 3, -1}, new Shape(1, 2, 3));
            NDArray slopes = m.create(new float[] {0.25f, 0.5f});
            x.setRequiresGradient(true);
            slopes.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = NativeOps.prelu(x, slopes);
                assertArrayEquals(new float[] {-0.5f, -0.125f, 0, 1.5f, 3, -0.5f}, y.toFloatArray(), 1e-7f);
                gc.backward(y.mul(m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 2, 3))).sum());
            }
            // dy/dx = 1 where x > 0, else the channel's slope; dy/da = sum of x where x <= 0
            assertArrayEquals(new float[] {0.25f, 0.5f, 0.75f, 4, 5, 3}, x.getGradient().toFloatArray(), 1e-7f);
            assertArrayEquals(new float[] {-2 * 1 - 0.5f * 2, -1 * 6}, slopes.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void reflectionPaddingMirrorsWithoutTheEdgeAndSumsItsGradientBack() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5}, new Shape(1, 1, 5));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = NativeOps.reflectionPad(x, 2, 3);
                assertArrayEquals(new float[] {3, 2, 1, 2, 3, 4, 5, 4, 3, 2}, y.toFloatArray());
                gc.backward(y.sum());
            }
            assertArrayEquals(new float[] {1, 3, 3, 2, 1}, x.getGradient().toFloatArray());
        }
    }
}
