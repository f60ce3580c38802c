package org.pase4j.audio;

import java.util.random.RandomGenerator;

/**
 * Synthetic coloured noise, standing in for the recipe's noise archive: white (flat spectrum), pink
 * (−3 dB per octave) and brown (−6 dB per octave). Every signal is rescaled to zero mean and unit RMS.
 */
public final class NoiseSynth {

    /** Spectral colours of {@link #generate}. */
    public enum Colour {
        /** Gaussian white noise: flat power spectral density. */
        WHITE,
        /**
         * Pink noise: white noise through Paul Kellet's refined pinking filter (sum of six one-pole
         * sections), −3 dB per octave within ±0.05 dB from 0.0002·fs (3 Hz at 16 kHz) to Nyquist.
         */
        PINK,
        /**
         * Brown (red) noise: white noise through a leaky integrator with its corner at
         * {@value NoiseSynth#BROWN_CORNER_HZ} Hz, −6 dB per octave above it.
         */
        BROWN
    }

    /** Corner frequency of the brown noise's leaky integrator, in Hz at 16 kHz. */
    public static final double BROWN_CORNER_HZ = 20;

    private static final double BROWN_POLE = Math.exp(-2 * Math.PI * BROWN_CORNER_HZ / AudioReader.SAMPLE_RATE);

    /** Samples run through the pinking filter before output so that its slowest section (τ ≈ 880) settles. */
    private static final int PINK_WARM_UP = 8192;

    private NoiseSynth() {}

    /**
     * Generates noise.
     *
     * @param colour the spectral colour
     * @param n the number of samples (at least 2)
     * @param rng the random source (only Gaussian draws are taken from it)
     * @return {@code n} samples with zero mean and unit RMS
     */
    public static float[] generate(Colour colour, int n, RandomGenerator rng) {
        if (n < 2) {
            throw new IllegalArgumentException("noise length " + n + " samples, expected at least 2");
        }
        double[] x = switch (colour) {
            case WHITE -> white(n, rng);
            case PINK -> pink(n, rng);
            case BROWN -> brown(n, rng);
        };
        return standardise(x);
    }

    private static double[] white(int n, RandomGenerator rng) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }

    private static double[] pink(int n, RandomGenerator rng) {
        double[] x = new double[n];
        double b0 = 0;
        double b1 = 0;
        double b2 = 0;
        double b3 = 0;
        double b4 = 0;
        double b5 = 0;
        double b6 = 0;
        for (int i = -PINK_WARM_UP; i < n; i++) {
            double w = rng.nextGaussian();
            b0 = 0.99886 * b0 + w * 0.0555179;
            b1 = 0.99332 * b1 + w * 0.0750759;
            b2 = 0.96900 * b2 + w * 0.1538520;
            b3 = 0.86650 * b3 + w * 0.3104856;
            b4 = 0.55000 * b4 + w * 0.5329522;
            b5 = -0.7616 * b5 - w * 0.0168980;
            double pink = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
            b6 = w * 0.115926;
            if (i >= 0) {
                x[i] = pink;
            }
        }
        return x;
    }

    private static double[] brown(int n, RandomGenerator rng) {
        double[] x = new double[n];
        // Start in the stationary distribution (variance 1 / (1 − a²)) instead of at rest.
        double y = rng.nextGaussian() / Math.sqrt(1 - BROWN_POLE * BROWN_POLE);
        for (int i = 0; i < n; i++) {
            y = BROWN_POLE * y + rng.nextGaussian();
            x[i] = y;
        }
        return x;
    }

    private static float[] standardise(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double energy = 0;
        for (double v : x) {
            energy += (v - mean) * (v - mean);
        }
        double scale = 1 / Math.sqrt(energy / x.length);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - mean) * scale);
        }
        return out;
    }
}
