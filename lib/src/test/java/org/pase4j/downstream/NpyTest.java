package org.pase4j.downstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.Prerequisites;

class NpyTest {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path tmp;

    private static float[][] ramp(int rows, int cols) {
        float[][] a = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = i * 1000 + j + 0.25f * (j % 4);
            }
        }
        a[0][0] = Float.NaN;
        a[0][1] = Float.NEGATIVE_INFINITY;
        a[rows - 1][cols - 1] = -0f;
        return a;
    }

    @Test
    void writtenArraysReadBackBitForBit() throws IOException {
        float[][] a = ramp(3, 100);
        Path file = tmp.resolve("sub/dir/a.npy");
        Npy.write(file, a);
        float[][] b = Npy.read(file);
        assertEquals(3, b.length);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], "row " + i);
        }
        assertEquals(128 + 3 * 100 * 4, Files.size(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
        Npy.write(file, ramp(1, 7));
        assertEquals(7, Npy.read(file)[0].length, "an existing file is replaced");
    }

    @Test
    void theHeaderIsNumpysVersion1HeaderPaddedTo64Bytes() throws IOException {
        byte[] header = Npy.header(3, 100);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 100), }";
        byte[] expected = new byte[128];
        Arrays.fill(expected, (byte) ' ');
        byte[] preamble = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0};
        System.arraycopy(preamble, 0, expected, 0, preamble.length);
        System.arraycopy(dict.getBytes(StandardCharsets.US_ASCII), 0, expected, 10, dict.length());
        expected[127] = '\n';
        assertArrayEquals(expected, header);
        Path file = tmp.resolve("a.npy");
        Npy.write(file, new float[3][100]);
        assertArrayEquals(expected, Arrays.copyOf(Files.readAllBytes(file), 128));
        assertEquals(0, Npy.header(123456, 100000).length % 64, "every header is a multiple of 64 long");
    }

    @Test
    void unreadableFilesNameTheFileAndWhatWasExpected() throws IOException {
        Path missing = tmp.resolve("missing.npy");
        assertEquals(missing + ": no such file, expected a .npy file",
                assertThrows(IOException.class, () -> Npy.read(missing)).getMessage());
        Path text = Files.writeString(tmp.resolve("text.npy"), "hello");
        assertEquals(text + ": not a NumPy .npy file (no \\x93NUMPY magic)",
                assertThrows(IOException.class, () -> Npy.read(text)).getMessage());
        Path truncated = tmp.resolve("truncated.npy");
        Npy.write(truncated, new float[2][3]);
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 4));
        assertEquals(truncated + ": holds 20 data bytes, its header announces shape (2, 3) of dtype <f4 (24 bytes)",
                assertThrows(IOException.class, () -> Npy.read(truncated)).getMessage());
        Path doubles = tmp.resolve("doubles.npy");
        Files.write(doubles, new String(bytes, StandardCharsets.ISO_8859_1).replace("<f4", "<f8")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(doubles + ": unsupported dtype '<f8', expected float32 '<f4' (or uint8 '|u1' for text)",
                assertThrows(IOException.class, () -> Npy.read(doubles)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Npy.write(tmp.resolve("ragged.npy"),
                new float[][] {{1, 2}, {3}}));
    }

    @Test
    void numpyLoadsWhatIsWritten() throws Exception {
        Prerequisites.require(numpyAvailable(), PYTHON + " with NumPy", "apt-get install python3-numpy");
        Path file = tmp.resolve("a.npy");
        Npy.write(file, ramp(3, 100));
        String script = "import numpy, sys; a = numpy.load(sys.argv[1]);"
                + " print(a.shape, a.dtype, a.flags['C_CONTIGUOUS'], repr(float(a[2, 57])), repr(float(a[1, 3])),"
                + " numpy.isnan(a[0, 0]), a[0, 1])";
        Process p = new ProcessBuilder(PYTHON, "-c", script, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        assertEquals("(3, 100) float32 True 2057.25 1003.75 True -inf", out);

        Path fromNumpy = tmp.resolve("b.npy");
        Process save = new ProcessBuilder(PYTHON, "-c", "import numpy, sys; numpy.save(sys.argv[1],"
                + " numpy.arange(12, dtype='<f4').reshape(4, 3) / 8)", fromNumpy.toString()).inheritIO().start();
        assertEquals(0, save.waitFor());
        assertArrayEquals(new float[] {0.375f, 0.5f, 0.625f}, Npy.read(fromNumpy)[1]);
    }

    private static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
