package org.pase4j.util;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Arrays made from Java data whose memory is the engine's own, freed when the array is closed. DJL's
 * {@code NDManager.create(float[], Shape)} copies the data into a new direct {@code ByteBuffer} and lets the
 * tensor use that buffer's memory, which goes back to the system only when the garbage collector finds the buffer
 * unreachable, however soon the array is closed. Training makes a few megabytes of such arrays per step (the
 * batch, the labels' inputs) while the Java heap fills slowly, so tens of megabytes of closed arrays waited for a
 * collection and resident memory climbed with them for hundreds of steps. Here the data goes through one direct
 * buffer per thread, kept and reused, and the array returned is the engine's copy of it. (Every small array counts
 * too: a padding op's two-element argument was a direct buffer of its own.)
 */
public final class HostArrays {

    private static final ThreadLocal<ByteBuffer> STAGING = new ThreadLocal<>();

    private HostArrays() {}

    /**
     * @param manager the manager that will own the array
     * @param data the values, row-major
     * @param shape the array's shape, {@code data.length} elements
     * @return a float32 array of that shape in memory the engine owns
     */
    public static NDArray of(NDManager manager, float[] data, Shape shape) {
        return of(manager, data, 0, shape);
    }

    /**
     * @param manager the manager that will own the array
     * @param data the values, row-major, from {@code offset} on
     * @param offset the first value
     * @param shape the array's shape; its size is the number of values read
     * @return a float32 array of that shape in memory the engine owns
     */
    public static NDArray of(NDManager manager, float[] data, int offset, Shape shape) {
        int size = checkedSize(data.length, offset, shape);
        ByteBuffer staging = staging(4L * size);
        staging.asFloatBuffer().put(data, offset, size);
        return copy(manager, staging, 4 * size, shape, DataType.FLOAT32);
    }

    /**
     * @param manager the manager that will own the array
     * @param data the values, row-major
     * @return a one-dimensional int64 array of them in memory the engine owns
     */
    public static NDArray of(NDManager manager, long[] data) {
        Shape shape = new Shape(data.length);
        int size = checkedSize(data.length, 0, shape);
        ByteBuffer staging = staging(8L * size);
        staging.asLongBuffer().put(data);
        return copy(manager, staging, 8 * size, shape, DataType.INT64);
    }

    private static int checkedSize(int length, int offset, Shape shape) {
        int size = Math.toIntExact(shape.size());
        if (offset < 0 || offset + size > length) {
            throw new IllegalArgumentException("shape " + shape + " from element " + offset + " needs " + size
                    + " values, the data has " + (length - Math.max(offset, 0)));
        }
        return size;
    }

    private static NDArray copy(NDManager manager, ByteBuffer staging, int bytes, Shape shape, DataType type) {
        try (NDArray view = manager.create(staging.slice(0, bytes).order(ByteOrder.nativeOrder()), shape, type)) {
            return view.duplicate();
        }
    }

    private static ByteBuffer staging(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(bytes + " bytes is more than one array may take from Java data");
        }
        ByteBuffer buffer = STAGING.get();
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect((int) Math.max(bytes, 1 << 20)).order(ByteOrder.nativeOrder());
            STAGING.set(buffer);
        }
        buffer.clear();
        return buffer;
    }
}
