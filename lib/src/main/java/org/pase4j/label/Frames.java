package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * The frame grid that every target shares with the encoder: one frame per {@value #HOP_LENGTH}
 * samples, i.e. 100 frames per second at 16 kHz, frame {@code i} centred on sample {@code i * 160}.
 * A chunk of {@code T} samples has {@code T / 160} frames (integer division); feature extractors that
 * produce one more frame (a centred STFT gives {@code 1 + T / 160}) crop the last one.
 */
public final class Frames {

    /** Samples between consecutive frames (10 ms at 16 kHz), the encoder's total stride. */
    public static final int HOP_LENGTH = 160;

    private Frames() {}

    /**
     * @param samples chunk length in samples
     * @return the number of target frames, {@code samples / 160}
     */
    public static int count(long samples) {
        if (samples < HOP_LENGTH) {
            throw new IllegalArgumentException("chunk of " + samples + " samples, expected at least " + HOP_LENGTH
                    + " (one frame)");
        }
        return Math.toIntExact(samples / HOP_LENGTH);
    }

    /**
     * Checks that a feature extractor's input is a float32 batch of signals {@code (B, T)}.
     *
     * @param signals the input
     * @param minSamples the fewest samples per signal the feature can use
     * @param feature the feature's name for the message
     */
    static void checkSignals(NDArray signals, long minSamples, String feature) {
        if (signals.getShape().dimension() != 2 || signals.getShape().get(0) < 1
                || signals.getShape().get(1) < minSamples || signals.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(feature + " input " + signals.getDataType() + " " + signals.getShape()
                    + ", expected float32 (batch, samples) with batch >= 1 and samples >= " + minSamples);
        }
    }

    /**
     * Crops the last axis to the first {@code frames} and lays the result out row-major. DJL has no
     * {@code contiguous()}: flattening a strided view copies it in order, and without that copy
     * {@code toFloatArray()} would leave a hidden contiguous copy in the array's manager.
     *
     * @param features {@code (..., >= frames)}
     * @param frames frames to keep
     * @return a row-major {@code (..., frames)} array in the manager of {@code features}
     */
    static NDArray crop(NDArray features, int frames) {
        NDArray cropped = features.get(new NDIndex("..., :{}", frames));
        return cropped.reshape(-1).reshape(cropped.getShape());
    }
}
