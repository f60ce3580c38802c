package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.UnaryOperator;
import org.pase4j.data.ChunkBatch;
import org.pase4j.util.HostArrays;

/** The anchor rows of a batch, the input of every regression target. */
final class Anchors {

    private Anchors() {}

    /**
     * @param batch a batch of {@code B} triples
     * @param manager the owner of the result
     * @param shape the result's shape, {@code B * chunkSize} elements
     * @return the anchors, row-major in that shape
     */
    static NDArray of(ChunkBatch batch, NDManager manager, Shape shape) {
        return HostArrays.of(manager, batch.samples(), 0, shape);
    }

    /**
     * Applies a batched feature (such as {@link Mfcc#compute}) to the anchors, freeing its input.
     *
     * @param batch a batch of {@code B} triples
     * @param manager the owner of the result
     * @param feature maps float32 {@code (B, chunkSize)} to the target
     * @return the target, owned by {@code manager}
     */
    static NDArray feature(ChunkBatch batch, NDManager manager, UnaryOperator<NDArray> feature) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray target = feature.apply(of(batch, scope, new Shape(batch.size(), batch.chunkSize())));
            target.attach(manager);
            return target;
        }
    }
}
