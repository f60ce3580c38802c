package org.pase4j.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class HostArraysTest {

    @Test
    void copiesTheValuesInTheirShape() {
        float[] data = {9, 1, 2, 3, 4, 5, 6};
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray all = HostArrays.of(manager, new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            assertEquals(new Shape(2, 3), all.getShape());
            assertEquals(DataType.FLOAT32, all.getDataType());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, all.toFloatArray());
            NDArray tail = HostArrays.of(manager, data, 1, new Shape(3, 2));
            data[1] = 100;  // the array is a copy
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, tail.toFloatArray());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, all.toFloatArray(), "a later copy reuses the staging");
        }
    }

    @Test
    void copiesLongs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray pad = HostArrays.of(manager, new long[] {3, -4});
            assertEquals(DataType.INT64, pad.getDataType());
            assertArrayEquals(new long[] {3, -4}, pad.toLongArray());
        }
    }

    @Test
    void refusesAShapeLargerThanTheData() {
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HostArrays.of(manager, new float[5], 1, new Shape(5)));
            assertEquals("shape (5) from element 1 needs 5 values, the data has 4", e.getMessage());
        }
    }

    @Test
    void leavesNoDirectMemoryBehindForTheGarbageCollector() {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).findFirst().orElseThrow();
        float[] data = new float[250_000];  // 1 MB, like a training batch's chunks
        try (NDManager manager = NDManager.newBaseManager()) {
            HostArrays.of(manager, data, new Shape(data.length)).close();
            long before = direct.getMemoryUsed();
            for (int i = 0; i < 200; i++) {
                HostArrays.of(manager, data, new Shape(data.length)).close();
            }
            long grown = direct.getMemoryUsed() - before;
            assertTrue(grown < 1_000_000, "200 MB of arrays made and closed left " + grown + " bytes of direct memory");
        }
    }
}
