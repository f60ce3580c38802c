package org.pase4j.audio;

import java.util.random.RandomGenerator;

/**
 * Synthetic room impulse responses at 16 kHz, standing in for the recipe's recorded ones: a direct-path
 * impulse at sample 0 followed by Gaussian noise under an exponential envelope whose energy falls by
 * 60 dB in RT60 (Polack's statistical model of late reverberation).
 *
 * <p>The response is {@code round(RT60 · 16000)} samples long, so it ends 60 dB below its start; the
 * tail carries as much energy as the direct path (direct-to-reverberant ratio 0 dB), and the whole is
 * scaled to unit energy.
 */
public final class RoomResponse {

    private RoomResponse() {}

    /**
     * Synthesises a response.
     *
     * @param rt60Seconds the reverberation time: how long the energy takes to fall by 60 dB (positive,
     *     at most 10 s)
     * @param rng the random source (only Gaussian draws are taken from it)
     * @return the impulse response, unit energy, direct path at sample 0
     */
    public static float[] synthesise(double rt60Seconds, RandomGenerator rng) {
        if (!(rt60Seconds > 0 && rt60Seconds <= 10)) {
            throw new IllegalArgumentException("RT60 " + rt60Seconds + " s, expected a positive time of at most 10 s");
        }
        int length = Math.max(2, (int) Math.round(rt60Seconds * AudioReader.SAMPLE_RATE));
        // Energy envelope 10^(−6 t / RT60), so amplitude 10^(−3 t / RT60).
        double decayPerSample = Math.pow(10, -3 / (rt60Seconds * AudioReader.SAMPLE_RATE));
        double[] tail = new double[length];
        double envelope = 1;
        double tailEnergy = 0;
        for (int i = 1; i < length; i++) {
            envelope *= decayPerSample;
            tail[i] = envelope * rng.nextGaussian();
            tailEnergy += tail[i] * tail[i];
        }
        float[] h = new float[length];
        double half = Math.sqrt(0.5);
        h[0] = (float) half;
        double tailScale = half / Math.sqrt(tailEnergy);
        for (int i = 1; i < length; i++) {
            h[i] = (float) (tail[i] * tailScale);
        }
        return h;
    }
}
