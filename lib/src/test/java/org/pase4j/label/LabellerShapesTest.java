package org.pase4j.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pase4j.data.ChunkBatch;

class LabellerShapesTest {

    private static final int B = 8;

    static ChunkBatch batch;

    @BeforeAll
    static void drawBatch() {
        batch = Batches.first(B, 16000);
    }

    /** Every labeller by class name, as train.yaml names them, with its target shape for the batch. */
    private static Map<Labeller, Shape> labellers() throws ReflectiveOperationException {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("WaveformLabeller", new Shape(B, 1, 16000));
        shapes.put("MfccLabeller", new Shape(B, 20, 100));
        shapes.put("LpsLabeller", new Shape(B, 1025, 100));
        shapes.put("ProsodyLabeller", new Shape(B, 4, 100));
        shapes.put("LimLabeller", new Shape(2 * B, 1, 100));
        shapes.put("GimLabeller", new Shape(2 * B, 1, 1));
        shapes.put("SpcLabeller", new Shape(2 * B, 1, 1));
        Map<Labeller, Shape> labellers = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            Class<?> type = Class.forName("org.pase4j.label." + e.getKey());
            labellers.put((Labeller) type.getConstructor().newInstance(), e.getValue());
        }
        return labellers;
    }

    @Test
    void everyLabellerGivesAFloatTargetOfItsShapeOwnedByTheManager() throws ReflectiveOperationException {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Map.Entry<Labeller, Shape> e : labellers().entrySet()) {
                NDArray target = e.getKey().label(batch, manager);
                String name = e.getKey().getClass().getSimpleName();
                assertEquals(e.getValue(), target.getShape(), name);
                assertEquals(DataType.FLOAT32, target.getDataType(), name);
                assertSame(manager, target.getManager(), name);
                float[] values = target.toFloatArray();
                for (float v : values) {
                    assertEquals(false, Float.isNaN(v) || Float.isInfinite(v), name + " is finite");
                }
            }
        }
    }

    @Test
    void leavesNothingButItsRowMajorTargetInTheManager() throws ReflectiveOperationException {
        for (Labeller labeller : labellers().keySet()) {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray target = labeller.label(batch, manager);
                String name = labeller.getClass().getSimpleName();
                assertEquals(List.of(target), manager.getManagedArrays(), name + " closes its temporaries");
                target.toFloatArray();
                assertEquals(1, manager.getManagedArrays().size(), name + " needs no hidden contiguous copy");
            }
        }
    }

    @Test
    void regressionTargetsComeFromTheAnchorsOnly() {
        float[] anchors = Arrays.copyOf(batch.samples(), B * 16000);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertArrayEquals(anchors, new WaveformLabeller().label(batch, manager).toFloatArray());
            NDArray signals = manager.create(anchors, new Shape(B, 16000));
            assertArrayEquals(Mfcc.compute(signals).toFloatArray(), new MfccLabeller().label(batch, manager).toFloatArray());
            assertArrayEquals(LogPowerSpectrum.compute(signals).toFloatArray(),
                    new LpsLabeller().label(batch, manager).toFloatArray());
            assertArrayEquals(Prosody.compute(signals).toFloatArray(),
                    new ProsodyLabeller().label(batch, manager).toFloatArray());
        }
    }

    @Test
    void classifierTargetsAreOnesForPositivePairsThenZeros() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Labeller labeller : new Labeller[] {new LimLabeller(), new GimLabeller(), new SpcLabeller()}) {
                float[] labels = labeller.label(batch, manager).toFloatArray();
                int half = labels.length / 2;
                for (int i = 0; i < labels.length; i++) {
                    assertEquals(i < half ? 1f : 0f, labels[i], labeller.getClass().getSimpleName() + " " + i);
                }
            }
        }
    }

    @Test
    void framesFollowTheChunkSize() {
        ChunkBatch small = Batches.first(2, 3200);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertEquals(new Shape(2, 20, 20), new MfccLabeller().label(small, manager).getShape());
            assertEquals(new Shape(2, 1025, 20), new LpsLabeller().label(small, manager).getShape());
            assertEquals(new Shape(2, 4, 20), new ProsodyLabeller().label(small, manager).getShape());
            assertEquals(new Shape(4, 1, 20), new LimLabeller().label(small, manager).getShape());
        }
    }
}
