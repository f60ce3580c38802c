package org.pase4j.downstream;

import java.util.List;

/**
 * Fixed-size features of a list of utterances for classification: one {@code (dims, frames)} matrix
 * per utterance, stored flat in channels-first order, with its speaker as a class index.
 *
 * @param name what the features are: {@code pase}, {@code random} or {@code mfcc}
 * @param dims feature dimensions per frame
 * @param frames frames per utterance
 * @param values one flat {@code dims × frames} array per utterance
 * @param labels the class index of each utterance
 */
public record FeatureSet(String name, int dims, int frames, List<float[]> values, int[] labels) {

    /** Checks the sizes. */
    public FeatureSet {
        if (values.size() != labels.length) {
            throw new IllegalArgumentException(values.size() + " feature rows for " + labels.length + " labels");
        }
        for (float[] v : values) {
            if (v.length != dims * frames) {
                throw new IllegalArgumentException("feature row of " + v.length + " values, expected " + dims + " x "
                        + frames);
            }
        }
    }

    /** @return the number of utterances */
    public int size() {
        return labels.length;
    }

    /**
     * Some of the utterances, in the given order (the arrays are shared, not copied).
     *
     * @param rows utterance indices
     * @return the subset
     */
    public FeatureSet subset(int[] rows) {
        List<float[]> chosen = new java.util.ArrayList<>(rows.length);
        int[] chosenLabels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            chosen.add(values.get(rows[i]));
            chosenLabels[i] = labels[rows[i]];
        }
        return new FeatureSet(name, dims, frames, chosen, chosenLabels);
    }

    /**
     * Mean and standard deviation of every dimension over frames: the pooled utterance vector.
     *
     * @param i the utterance
     * @return {@code 2 · dims} values: means, then standard deviations
     */
    public double[] pooled(int i) {
        float[] v = values.get(i);
        double[] out = new double[2 * dims];
        for (int d = 0; d < dims; d++) {
            double sum = 0;
            double squares = 0;
            for (int t = 0; t < frames; t++) {
                double x = v[d * frames + t];
                sum += x;
                squares += x * x;
            }
            double mean = sum / frames;
            out[d] = mean;
            out[dims + d] = Math.sqrt(Math.max(0, squares / frames - mean * mean));
        }
        return out;
    }
}
