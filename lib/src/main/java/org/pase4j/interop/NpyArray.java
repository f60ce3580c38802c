package org.pase4j.interop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An N-dimensional array as NumPy's {@code .npy} format stores it: a data type, a shape and the
 * little-endian bytes in C order (the last axis varies fastest). Two data types are supported:
 * {@code float32} ({@code '<f4'}, parameters and signals) and {@code uint8} ({@code '|u1'}, text such as
 * an embedded configuration).
 *
 * <p>{@link #encode} writes format version 1.0: the magic {@code \x93NUMPY}, version bytes {@code 1 0},
 * a little-endian {@code uint16} header length, then a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (64, 1), }} padded with spaces and ended by
 * a newline so that the data starts at a multiple of 64 bytes, then the data. {@link #decode} also
 * reads version 2.0 (a {@code uint32} header length), which NumPy writes for very long headers.
 */
public final class NpyArray {

    /** NumPy's {@code descr} of little-endian float32. */
    public static final String FLOAT32 = "<f4";
    /** NumPy's {@code descr} of uint8. */
    public static final String UINT8 = "|u1";

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final String dtype;
    private final long[] shape;
    private final byte[] data;

    private NpyArray(String dtype, long[] shape, byte[] data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
    }

    /**
     * A float32 array.
     *
     * @param shape the shape ({@code {}} for a scalar)
     * @param values the values in C order
     * @return the array
     * @throws IllegalArgumentException if the shape does not hold {@code values.length} values
     */
    public static NpyArray ofFloats(long[] shape, float[] values) {
        checkSize(shape, values.length);
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new NpyArray(FLOAT32, shape, b.array());
    }

    /**
     * A one-dimensional uint8 array.
     *
     * @param bytes the values
     * @return the array, of shape {@code (bytes.length,)}
     */
    public static NpyArray ofBytes(byte[] bytes) {
        return new NpyArray(UINT8, new long[] {bytes.length}, bytes.clone());
    }

    private static void checkSize(long[] shape, long values) {
        long size = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + shapeText(shape) + " has a negative dimension");
            }
            size *= d;
        }
        if (size != values) {
            throw new IllegalArgumentException("shape " + shapeText(shape) + " holds " + size + " values, got " + values);
        }
    }

    /** @return NumPy's {@code descr}: {@link #FLOAT32} or {@link #UINT8} */
    public String dtype() {
        return dtype;
    }

    /** @return a copy of the shape */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of values */
    public long size() {
        return data.length / itemSize(dtype);
    }

    /**
     * The values of a float32 array.
     *
     * @return the values in C order
     * @throws IllegalStateException if this is not a float32 array
     */
    public float[] floats() {
        if (!dtype.equals(FLOAT32)) {
            throw new IllegalStateException("array of dtype " + dtype + ", expected float32 '" + FLOAT32 + "'");
        }
        float[] out = new float[data.length / Float.BYTES];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /**
     * The values of a uint8 array.
     *
     * @return a copy of the bytes
     * @throws IllegalStateException if this is not a uint8 array
     */
    public byte[] bytes() {
        if (!dtype.equals(UINT8)) {
            throw new IllegalStateException("array of dtype " + dtype + ", expected uint8 '" + UINT8 + "'");
        }
        return data.clone();
    }

    /**
     * NumPy's way of writing a shape: {@code ()}, {@code (5,)}, {@code (64, 1)}.
     *
     * @param shape a shape
     * @return its text
     */
    public static String shapeText(long[] shape) {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        return "(" + dims + (shape.length == 1 ? ",)" : ")");
    }

    /** @return the complete {@code .npy} file: header and data */
    public byte[] encode() {
        byte[] header = header(dtype, shape);
        byte[] out = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, out, header.length, data.length);
        return out;
    }

    /**
     * The magic, version and header of a {@code .npy} 1.0 file: everything before the data.
     *
     * @param dtype {@link #FLOAT32} or {@link #UINT8}
     * @param shape the array's shape
     * @return the bytes, a multiple of 64 long
     */
    public static byte[] header(String dtype, long[] shape) {
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
        int preamble = MAGIC.length + 4;
        int length = dict.length() + 1;
        int padded = (preamble + length + ALIGN - 1) / ALIGN * ALIGN - preamble;
        if (padded > 0xFFFF) {
            throw new IllegalArgumentException("shape " + shapeText(shape) + " makes a header too long for .npy 1.0");
        }
        ByteBuffer b = ByteBuffer.allocate(preamble + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) padded);
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        for (int i = length; i < padded; i++) {
            b.put((byte) ' ');
        }
        return b.put((byte) '\n').array();
    }

    /**
     * Reads a {@code .npy} file's bytes.
     *
     * @param bytes the file's contents
     * @param source names the array in messages, e.g. {@code model.npz, key 'encoder.output.weight'}
     * @return the array
     * @throws IOException naming {@code source} if the bytes are not a {@code .npy} file, hold a data type
     *     other than float32 and uint8, are in Fortran order, or are truncated
     */
    public static NpyArray decode(byte[] bytes, String source) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException(source + ": not a NumPy .npy file (no \\x93NUMPY magic)");
        }
        int major = bytes[6];
        int headerStart;
        long headerLength;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(b.getShort(8));
            headerStart = 10;
        } else if (major == 2 && bytes.length >= 12) {
            headerLength = Integer.toUnsignedLong(b.getInt(8));
            headerStart = 12;
        } else {
            throw new IOException(source + ": .npy format version " + major + "." + bytes[7] + ", expected 1.0 or 2.0");
        }
        if (headerStart + headerLength > bytes.length) {
            throw new IOException(source + ": truncated .npy header");
        }
        String header = new String(bytes, headerStart, (int) headerLength, StandardCharsets.ISO_8859_1).strip();
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher dims = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !dims.find()) {
            throw new IOException(source + ": unreadable .npy header " + header);
        }
        String dtype = descr.group(1);
        if (!dtype.equals(FLOAT32) && !dtype.equals(UINT8)) {
            throw new IOException(source + ": unsupported dtype '" + dtype + "', expected float32 '" + FLOAT32
                    + "' (or uint8 '" + UINT8 + "' for text)");
        }
        long[] shape = parseShape(dims.group(1), source);
        if (fortran.group(1).equals("True") && shape.length > 1) {
            throw new IOException(source + ": array in Fortran order, expected C order (numpy.ascontiguousarray)");
        }
        long expected = itemSize(dtype);
        for (long d : shape) {
            if (d < 0) {
                throw new IOException(source + ": .npy shape " + shapeText(shape) + " has a negative dimension");
            }
            try {
                expected = Math.multiplyExact(expected, d);
            } catch (ArithmeticException e) {
                throw new IOException(source + ": .npy shape " + shapeText(shape) + " claims more than "
                        + Long.MAX_VALUE + " bytes", e);
            }
        }
        long dataStart = headerStart + headerLength;
        if (bytes.length - dataStart != expected) {
            throw new IOException(source + ": holds " + (bytes.length - dataStart) + " data bytes, its header announces"
                    + " shape " + shapeText(shape) + " of dtype " + dtype + " (" + expected + " bytes)");
        }
        return new NpyArray(dtype, shape, Arrays.copyOfRange(bytes, (int) dataStart, bytes.length));
    }

    private static long[] parseShape(String text, String source) throws IOException {
        String t = text.strip();
        if (t.endsWith(",")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.isBlank()) {
            return new long[0];
        }
        String[] parts = t.split(",");
        long[] shape = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                shape[i] = Long.parseLong(parts[i].strip().replace("L", ""));
            } catch (NumberFormatException e) {
                throw new IOException(source + ": unreadable .npy shape (" + text + ")");
            }
        }
        return shape;
    }

    private static int itemSize(String dtype) {
        return dtype.equals(FLOAT32) ? Float.BYTES : 1;
    }
}
