package org.pase4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MklDispatchTest {

    @Test
    void theVendorIsReadFromCpuinfo(@TempDir Path tmp) throws IOException {
        Path amd = Files.writeString(tmp.resolve("amd"), "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\n");
        Path intel = Files.writeString(tmp.resolve("intel"), "processor\t: 0\nvendor_id\t: GenuineIntel\n");
        assertTrue(MklDispatch.isAmd(amd));
        assertFalse(MklDispatch.isAmd(intel));
        assertFalse(MklDispatch.isAmd(tmp.resolve("missing")));
    }

    @Test
    void appliedBeforeLibtorchOnAmdLinuxAndTheEngineIsStillPyTorchs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            boolean expected = System.getProperty("os.name").startsWith("Linux")
                    && System.getProperty("os.arch").equals("amd64") && MklDispatch.isAmd(Path.of("/proc/cpuinfo"))
                    && Boolean.parseBoolean(System.getProperty(MklDispatch.PROPERTY, "true"));
            assertEquals(expected, MklDispatch.apply(), "applied exactly on AMD x86-64 Linux");
            assertEquals("PyTorch", Engine.getInstance().getEngineName());
            // a matrix product through oneMKL, checked against the same sum done by hand
            NDArray a = manager.arange(64f * 48).reshape(64, 48).div(1000);
            NDArray b = manager.arange(48f * 32).reshape(48, 32).div(1000);
            float[] c = a.matMul(b).toFloatArray();
            float[] x = a.toFloatArray();
            float[] y = b.toFloatArray();
            for (int i = 0; i < 64; i += 7) {
                for (int j = 0; j < 32; j += 5) {
                    double sum = 0;
                    for (int k = 0; k < 48; k++) {
                        sum += (double) x[i * 48 + k] * y[k * 32 + j];
                    }
                    assertEquals(sum, c[i * 32 + j], 1e-4 * Math.abs(sum) + 1e-6);
                }
            }
        }
    }
}
