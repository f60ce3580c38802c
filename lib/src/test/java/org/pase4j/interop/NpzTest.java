package org.pase4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {

    @TempDir
    Path tmp;

    private static Map<String, NpyArray> sample() {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("scalar", NpyArray.ofFloats(new long[0], new float[] {2.5f}));
        arrays.put("a.b.vector", NpyArray.ofFloats(new long[] {3}, new float[] {1f, -0f, Float.NEGATIVE_INFINITY}));
        float[] cube = new float[24];
        for (int i = 0; i < cube.length; i++) {
            cube[i] = i * 0.5f;
        }
        arrays.put("cube", NpyArray.ofFloats(new long[] {2, 3, 4}, cube));
        arrays.put("empty", NpyArray.ofFloats(new long[] {0, 5}, new float[0]));
        arrays.put("text", NpyArray.ofBytes("héllo".getBytes(StandardCharsets.UTF_8)));
        return arrays;
    }

    @Test
    void everyShapeAndTypeReadsBackBitForBit() throws IOException {
        Path file = tmp.resolve("a.npz");
        Npz.write(file, sample());
        Map<String, NpyArray> back = Npz.read(file);
        assertEquals(List.copyOf(sample().keySet()), List.copyOf(back.keySet()), "keys in archive order");
        sample().forEach((key, a) -> {
            assertEquals(a.dtype(), back.get(key).dtype(), key);
            assertArrayEquals(a.shape(), back.get(key).shape(), key);
        });
        assertArrayEquals(new float[] {1f, -0f, Float.NEGATIVE_INFINITY}, back.get("a.b.vector").floats());
        assertEquals(11.5f, back.get("cube").floats()[23]);
        assertEquals("héllo", new String(back.get("text").bytes(), StandardCharsets.UTF_8));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertEquals("scalar.npy", zip.entries().nextElement().getName());
            assertEquals(0, zip.getEntry("cube.npy").getMethod(), "stored, like numpy.savez");
        }
        assertEquals(128, NpyArray.header(NpyArray.FLOAT32, new long[] {123456, 100000, 7}).length);
        assertEquals("()", NpyArray.shapeText(new long[0]));
        assertEquals("(5,)", NpyArray.shapeText(new long[] {5}));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofFloats(new long[] {2, 2}, new float[3]));
        assertThrows(IllegalStateException.class, () -> back.get("text").floats());
    }

    @Test
    void numpyReadsWhatIsWrittenAndPase4jReadsWhatNumpyWrites() throws IOException {
        TorchPython.require();
        Path ours = tmp.resolve("ours.npz");
        Npz.write(ours, sample());
        String out = TorchPython.run(120, "-c", "import sys, numpy as np\n"
                + "z = np.load(sys.argv[1])\n"
                + "print(z.files, z['cube'].shape, z['cube'].dtype, z['cube'][1, 2, 3], z['scalar'].shape,"
                + " z['text'].tobytes().decode('utf-8'), z['empty'].shape)\n"
                + "a = np.arange(6, dtype='<f4').reshape(2, 3)\n"
                + "np.savez(sys.argv[2], w=a, t=np.frombuffer(b'yaml', dtype=np.uint8))\n"
                + "np.savez_compressed(sys.argv[3], w=a)\n"
                + "np.savez(sys.argv[4], w=np.asfortranarray(a))\n"
                + "np.savez(sys.argv[5], w=a.astype(np.float64))\n", ours.toString(), tmp.resolve("numpy.npz").toString(),
                tmp.resolve("compressed.npz").toString(), tmp.resolve("fortran.npz").toString(),
                tmp.resolve("doubles.npz").toString());
        assertEquals("['scalar', 'a.b.vector', 'cube', 'empty', 'text'] (2, 3, 4) float32 11.5 () héllo (0, 5)",
                out.strip());
        for (String name : List.of("numpy.npz", "compressed.npz")) {
            NpyArray w = Npz.read(tmp.resolve(name)).get("w");
            assertArrayEquals(new long[] {2, 3}, w.shape(), name);
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, w.floats(), name);
        }
        assertEquals("yaml", new String(Npz.read(tmp.resolve("numpy.npz")).get("t").bytes(), StandardCharsets.UTF_8));
        Path fortran = tmp.resolve("fortran.npz");
        assertEquals(fortran + ", key 'w': array in Fortran order, expected C order (numpy.ascontiguousarray)",
                assertThrows(IOException.class, () -> Npz.read(fortran)).getMessage());
        Path doubles = tmp.resolve("doubles.npz");
        assertEquals(doubles + ", key 'w': unsupported dtype '<f8', expected float32 '<f4' (or uint8 '|u1' for text)",
                assertThrows(IOException.class, () -> Npz.read(doubles)).getMessage());
    }
}
