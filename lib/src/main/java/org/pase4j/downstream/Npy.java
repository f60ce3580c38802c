package org.pase4j.downstream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format version 1.0) of 2-D float32 arrays: little-endian {@code <f4}, C
 * order, so row {@code i} of a {@code (rows, cols)} array is values {@code i*cols ... i*cols+cols-1}.
 * Python reads them with {@code numpy.load(path)}; Java with {@link #read}.
 *
 * <p>Layout: the magic {@code \x93NUMPY}, version bytes {@code 1 0}, a little-endian {@code uint16}
 * header length, then the header, a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 100), }} padded with spaces and ended by
 * a newline so that the data starts at a multiple of 64 bytes, then the data.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int PREAMBLE = MAGIC.length + 4;
    private static final int ALIGN = 64;
    private static final Pattern HEADER = Pattern.compile(
            "\\{\\s*'descr':\\s*'([^']*)',\\s*'fortran_order':\\s*(True|False),\\s*'shape':\\s*\\(([^)]*)\\),?\\s*}\\s*");
    private static final Pattern DIMS_2D = Pattern.compile("\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,?\\s*");

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
        byte[] header = header(rows.length, cols);
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(header.length + (long) rows.length * cols * Float.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN).put(header);
        FloatBuffer data = bytes.asFloatBuffer();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " of the array for " + file + " has " + rows[i].length
                        + " values, expected " + cols + " like row 0");
            }
            data.put(rows[i]);
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(tmp, bytes.array(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
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
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int length = dict.length() + 1;
        int padded = (PREAMBLE + length + ALIGN - 1) / ALIGN * ALIGN - PREAMBLE;
        ByteBuffer b = ByteBuffer.allocate(PREAMBLE + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) padded);
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        byte[] spaces = new byte[padded - length];
        Arrays.fill(spaces, (byte) ' ');
        b.put(spaces).put((byte) '\n');
        return b.array();
    }

    /**
     * Reads a 2-D little-endian float32 C-order array in format version 1.0, such as {@link #write} or
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
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.capacity() < PREAMBLE || !Arrays.equals(bytes.array(), 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException(file + ": not a NumPy .npy file (no \\x93NUMPY magic)");
        }
        if (bytes.get(6) != 1 || bytes.get(7) != 0) {
            throw new IOException(file + ": .npy format version " + bytes.get(6) + "." + bytes.get(7) + ", expected 1.0");
        }
        int headerLength = Short.toUnsignedInt(bytes.getShort(8));
        if (PREAMBLE + headerLength > bytes.capacity()) {
            throw new IOException(file + ": truncated .npy header");
        }
        String header = new String(bytes.array(), PREAMBLE, headerLength, StandardCharsets.US_ASCII);
        Matcher m = HEADER.matcher(header);
        if (!m.matches()) {
            throw new IOException(file + ": unreadable .npy header " + header.strip());
        }
        Matcher dims = DIMS_2D.matcher(m.group(3));
        if (!m.group(1).equals("<f4") || !m.group(2).equals("False") || !dims.matches()) {
            throw new IOException(file + ": array of dtype " + m.group(1) + ", fortran_order " + m.group(2)
                    + ", shape (" + m.group(3).strip() + "), expected a 2-D '<f4' array in C order");
        }
        int rows = Integer.parseInt(dims.group(1));
        int cols = Integer.parseInt(dims.group(2));
        long dataBytes = bytes.capacity() - PREAMBLE - headerLength;
        if (dataBytes != (long) rows * cols * Float.BYTES) {
            throw new IOException(file + ": holds " + dataBytes + " data bytes, its header announces " + rows + " x "
                    + cols + " float32 values (" + (long) rows * cols * Float.BYTES + " bytes)");
        }
        FloatBuffer data = bytes.position(PREAMBLE + headerLength).asFloatBuffer();
        float[][] out = new float[rows][cols];
        for (float[] row : out) {
            data.get(row);
        }
        return out;
    }
}
