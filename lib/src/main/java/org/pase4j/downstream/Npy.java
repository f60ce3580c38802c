package org.pase4j.downstream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import org.pase4j.interop.NpyArray;

/**
 * NumPy {@code .npy} files (format version 1.0) of 2-D float32 arrays: little-endian {@code <f4}, C
 * order, so row {@code i} of a {@code (rows, cols)} array is values {@code i*cols ... i*cols+cols-1}.
 * Python reads them with {@code numpy.load(path)}; Java with {@link #read}. The format itself (any
 * shape, float32 or uint8) is {@link NpyArray}'s.
 */
public final class Npy {

    private Npy() {}

    /**
     * Writes a {@code (rows.length, cols)} float32 array, atomically: to a temporary file in the same
     * folder, then renamed over {@code file} (parent folders are created).
     *
     * @param file the {@code .npy} file
     * @param rows the array, {@code [row][column]}; every row as long as the first
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if the rows differ in length or there is none
     */
    public static void write(Path file, float[][] rows) throws IOException {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows to write to " + file + ", expected at least one");
        }
        int cols = rows[0].length;
        float[] values = new float[Math.toIntExact((long) rows.length * cols)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " of the array for " + file + " has " + rows[i].length
                        + " values, expected " + cols + " like row 0");
            }
            System.arraycopy(rows[i], 0, values, i * cols, cols);
        }
        byte[] bytes = NpyArray.ofFloats(new long[] {rows.length, cols}, values).encode();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The magic, version and header of a {@code (rows, cols)} float32 array: everything before the data.
     *
     * @param rows the first dimension
     * @param cols the second dimension
     * @return the bytes, a multiple of 64 long
     */
    static byte[] header(int rows, int cols) {
        return NpyArray.header(NpyArray.FLOAT32, new long[] {rows, cols});
    }

    /**
     * Reads a 2-D little-endian float32 C-order array, such as {@link #write} or
     * {@code numpy.save(path, a.astype('<f4'))} writes.
     *
     * @param file the {@code .npy} file
     * @return the array, {@code [row][column]}
     * @throws IOException if the file is missing, truncated, or holds another kind of array
     */
    public static float[][] read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file, expected a .npy file");
        }
        NpyArray array = NpyArray.decode(Files.readAllBytes(file), file.toString());
        long[] shape = array.shape();
        if (!array.dtype().equals(NpyArray.FLOAT32) || shape.length != 2) {
            throw new IOException(file + ": array of dtype " + array.dtype() + " and shape " + NpyArray.shapeText(shape)
                    + ", expected a 2-D '" + NpyArray.FLOAT32 + "' array");
        }
        float[] values = array.floats();
        int rows = Math.toIntExact(shape[0]);
        int cols = Math.toIntExact(shape[1]);
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(values, i * cols, (i + 1) * cols);
        }
        return out;
    }
}
