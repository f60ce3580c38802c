package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.pase4j.data.ChunkBatch;
import org.pase4j.label.Labeller;

/** The test-only worker's target: each anchor chunk's RMS level. */
public final class ToyLabeller implements Labeller {

    @Override
    public NDArray label(ChunkBatch batch, NDManager manager) {
        float[] rms = new float[batch.size()];
        for (int i = 0; i < rms.length; i++) {
            double sum = 0;
            for (float v : batch.anchor(i)) {
                sum += v * v;
            }
            rms[i] = (float) Math.sqrt(sum / batch.chunkSize()) * 10;
        }
        return manager.create(rms, new Shape(rms.length, 1));
    }
}
