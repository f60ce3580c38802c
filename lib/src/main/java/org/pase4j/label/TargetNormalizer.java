package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.pase4j.util.HostArrays;

/**
 * Z-score normalisation of a regression target per dimension: {@code (x - mean[c]) / std[c]} for
 * channel {@code c} of a {@code (N, C, frames)} target, with the mean and (population) standard
 * deviation of each channel pooled over every frame of the training batches seen by an
 * {@link Estimator}. This is the official PASE's {@code ZNorm} option, except that the official
 * statistics script takes the standard deviation of per-chunk standard deviations; here it is the
 * standard deviation of the values themselves. Standard deviations below {@value #MIN_STD} are raised
 * to it, so a constant channel normalises to 0 instead of dividing by zero.
 *
 * <p>The statistics live in NDArrays of shape {@code (1, C, 1)} owned by the normalizer (close it to
 * free them) and travel with a model as bytes: {@link #encode()} writes DJL's {@link NDList} encoding
 * of the arrays named {@code mean} and {@code std}, and {@link #decode(byte[], NDManager)} reads it.
 */
public final class TargetNormalizer implements AutoCloseable {

    /** Floor on each channel's standard deviation. */
    public static final double MIN_STD = 1e-6;

    private final NDManager manager;
    private final NDArray mean;
    private final NDArray std;

    private TargetNormalizer(NDManager parent, float[] mean, float[] std) {
        this.manager = parent.newSubManager();
        Shape shape = new Shape(1, mean.length, 1);
        this.mean = HostArrays.of(manager, mean, shape);
        this.mean.setName("mean");
        this.std = HostArrays.of(manager, std, shape);
        this.std.setName("std");
    }

    /** @return the number of target channels {@code C} */
    public int channels() {
        return Math.toIntExact(mean.getShape().get(1));
    }

    /** @return each channel's mean, {@code (1, C, 1)}, owned by this normalizer */
    public NDArray mean() {
        return mean;
    }

    /** @return each channel's standard deviation (at least {@value #MIN_STD}), {@code (1, C, 1)}, owned by this normalizer */
    public NDArray std() {
        return std;
    }

    /**
     * @param target {@code (N, C, frames)}
     * @return {@code (target - mean) / std}, owned by the target's manager
     */
    public NDArray normalize(NDArray target) {
        checkChannels(target);
        return target.sub(mean).div(std);
    }

    /**
     * @param normalized {@code (N, C, frames)} in normalised units, e.g. a worker's prediction
     * @return {@code normalized * std + mean} in the target's own units, owned by the input's manager
     */
    public NDArray denormalize(NDArray normalized) {
        checkChannels(normalized);
        return normalized.mul(std).add(mean);
    }

    /** @return the statistics as DJL {@link NDList} bytes: arrays {@code mean} and {@code std} */
    public byte[] encode() {
        return new NDList(mean, std).encode();
    }

    /**
     * A normalizer with given statistics, e.g. read from an exported model.
     *
     * @param mean each channel's mean
     * @param std each channel's standard deviation, positive
     * @param manager the parent of the normalizer's own manager
     * @return the normalizer
     * @throws IllegalArgumentException if the lengths differ or a deviation is not positive
     */
    public static TargetNormalizer of(float[] mean, float[] std, NDManager manager) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("target normalizer with " + mean.length + " means and " + std.length
                    + " standard deviations, expected the same number, at least 1");
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException("target normalizer: standard deviation " + std[c] + " of channel " + c
                        + ", expected > 0");
            }
        }
        return new TargetNormalizer(manager, mean.clone(), std.clone());
    }

    /**
     * Restores a normalizer saved with {@link #encode()}.
     *
     * @param bytes the encoded statistics
     * @param manager the parent of the normalizer's own manager
     * @return the normalizer
     * @throws IllegalArgumentException if the bytes do not hold two float32 {@code (1, C, 1)} arrays
     */
    public static TargetNormalizer decode(byte[] bytes, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDList list = NDList.decode(scope, bytes);
            if (list.size() != 2 || !valid(list.get(0)) || !list.get(0).getShape().equals(list.get(1).getShape())
                    || list.get(1).getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("target normalizer bytes hold " + list.getShapes().length
                        + " arrays " + Arrays.toString(list.getShapes())
                        + ", expected two float32 (1, C, 1) arrays: mean and std");
            }
            return new TargetNormalizer(manager, list.get(0).toFloatArray(), list.get(1).toFloatArray());
        }
    }

    private static boolean valid(NDArray a) {
        Shape s = a.getShape();
        return a.getDataType() == DataType.FLOAT32 && s.dimension() == 3 && s.get(0) == 1 && s.get(2) == 1;
    }

    private void checkChannels(NDArray target) {
        if (target.getShape().dimension() != 3 || target.getShape().get(1) != channels()) {
            throw new IllegalArgumentException("target " + target.getShape() + ", expected (N, " + channels()
                    + ", frames)");
        }
    }

    /** Frees the statistics. */
    @Override
    public void close() {
        manager.close();
    }

    /**
     * Accumulates per-channel means and variances over training targets (in double precision, merging
     * batches with Chan et al.'s parallel update), then builds a {@link TargetNormalizer}.
     */
    public static final class Estimator {

        private long count;
        private double[] mean;
        private double[] m2;

        /** Creates an estimator that has seen nothing yet. */
        public Estimator() {}

        /**
         * Adds one batch of targets.
         *
         * @param targets float32 {@code (N, C, frames)}; every batch must have the same {@code C}
         * @return this estimator
         */
        public Estimator add(NDArray targets) {
            Shape shape = targets.getShape();
            if (targets.getDataType() != DataType.FLOAT32 || shape.dimension() != 3 || shape.size() == 0
                    || mean != null && shape.get(1) != mean.length) {
                throw new IllegalArgumentException("target " + targets.getDataType() + " " + shape
                        + ", expected a non-empty float32 (N, " + (mean == null ? "C" : mean.length) + ", frames)");
            }
            int batch = Math.toIntExact(shape.get(0));
            int channels = Math.toIntExact(shape.get(1));
            int frames = Math.toIntExact(shape.get(2));
            if (mean == null) {
                mean = new double[channels];
                m2 = new double[channels];
            }
            float[] values = targets.toFloatArray();
            long n = (long) batch * frames;
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int b = 0; b < batch; b++) {
                    for (int t = 0; t < frames; t++) {
                        sum += values[(b * channels + c) * frames + t];
                    }
                }
                double batchMean = sum / n;
                double batchM2 = 0;
                for (int b = 0; b < batch; b++) {
                    for (int t = 0; t < frames; t++) {
                        double d = values[(b * channels + c) * frames + t] - batchMean;
                        batchM2 += d * d;
                    }
                }
                double delta = batchMean - mean[c];
                double total = count + n;
                mean[c] += delta * n / total;
                m2[c] += batchM2 + delta * delta * count * n / total;
            }
            count += n;
            return this;
        }

        /**
         * @param manager the parent of the normalizer's own manager
         * @return a normalizer with the statistics seen so far
         * @throws IllegalStateException if no target was added
         */
        public TargetNormalizer build(NDManager manager) {
            if (count == 0) {
                throw new IllegalStateException("no targets added: estimate the statistics on training batches first");
            }
            float[] means = new float[mean.length];
            float[] stds = new float[mean.length];
            for (int c = 0; c < mean.length; c++) {
                means[c] = (float) mean[c];
                stds[c] = (float) Math.max(MIN_STD, Math.sqrt(m2[c] / count));
            }
            return new TargetNormalizer(manager, means, stds);
        }
    }
}
