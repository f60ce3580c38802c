package org.pase4j.audio;

import java.util.SplittableRandom;

/**
 * A random equaliser: a chunk is filtered by {@link #BANDS} peaking filters (the Audio EQ Cookbook's
 * second-order sections) whose centres are log-uniform in {@code [100, 6000]} Hz, gains uniform in
 * {@code ±maxGainDb} and quality factors uniform in {@code [0.5, 2]}, then rescaled to its former RMS. It
 * changes the colour of a recording, so that the spectral colour shared by every chunk of one utterance
 * (microphone, room, background noise) tells the info-max workers less about which chunks belong together.
 */
final class RandomEqualizer {

    /** Peaking filters per chunk. */
    static final int BANDS = 3;

    private static final double LOWEST_HZ = 100;
    private static final double HIGHEST_HZ = 6000;

    private RandomEqualizer() {}

    /**
     * Filters {@code length} samples from {@code offset} in place.
     *
     * @param samples the samples
     * @param offset the first sample
     * @param length how many
     * @param maxGainDb the largest boost or cut of one band, in dB (above 0)
     * @param rng the random source
     */
    static void apply(float[] samples, int offset, int length, double maxGainDb, SplittableRandom rng) {
        double before = EnvironmentCorruptor.meanSquare(samples, offset, length);
        if (before == 0) {
            return;
        }
        for (int band = 0; band < BANDS; band++) {
            double hz = LOWEST_HZ * Math.pow(HIGHEST_HZ / LOWEST_HZ, rng.nextDouble());
            peak(samples, offset, length, hz, rng.nextDouble(-maxGainDb, maxGainDb), rng.nextDouble(0.5, 2));
        }
        double after = EnvironmentCorruptor.meanSquare(samples, offset, length);
        if (after > 0) {
            float scale = (float) Math.sqrt(before / after);
            for (int i = offset; i < offset + length; i++) {
                samples[i] *= scale;
            }
        }
    }

    /** One peaking section at {@code hz} with {@code gainDb} at its centre, direct form I, zero initial state. */
    static void peak(float[] x, int offset, int length, double hz, double gainDb, double q) {
        double a = Math.pow(10, gainDb / 40);
        double w = 2 * Math.PI * hz / AudioReader.SAMPLE_RATE;
        double alpha = Math.sin(w) / (2 * q);
        double a0 = 1 + alpha / a;
        double b0 = (1 + alpha * a) / a0;
        double b1 = -2 * Math.cos(w) / a0;
        double b2 = (1 - alpha * a) / a0;
        double a1 = b1;
        double a2 = (1 - alpha / a) / a0;
        double x1 = 0;
        double x2 = 0;
        double y1 = 0;
        double y2 = 0;
        for (int i = offset; i < offset + length; i++) {
            double x0 = x[i];
            double y0 = b0 * x0 + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x0;
            y2 = y1;
            y1 = y0;
            x[i] = (float) y0;
        }
    }
}
