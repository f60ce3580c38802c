package org.pase4j.audio;

import java.util.random.RandomGenerator;

/**
 * Fixed-size crops of an utterance. Utterances shorter than a chunk are reflect-padded (numpy's
 * {@code reflect} mode, mirrored as often as needed), so every chunk has exactly the requested size.
 */
public final class Chunks {

    private Chunks() {}

    /**
     * Copies {@code size} samples starting at {@code start} into {@code out[offset..]}, reflecting
     * indices that fall outside the signal.
     *
     * @param wav the signal (at least one sample)
     * @param start first index, may be negative or run past the end
     * @param size number of samples to copy
     * @param out destination
     * @param offset first index written in {@code out}
     */
    public static void copy(float[] wav, int start, int size, float[] out, int offset) {
        if (wav.length == 0) {
            throw new IllegalArgumentException("cannot crop an empty signal");
        }
        if (start >= 0 && start + size <= wav.length) {
            System.arraycopy(wav, start, out, offset, size);
            return;
        }
        for (int i = 0; i < size; i++) {
            out[offset + i] = wav[reflect(start + i, wav.length)];
        }
    }

    /**
     * A crop of {@code size} samples at a uniformly random position. A signal shorter than the crop is
     * reflect-padded on both sides with a random split of the padding.
     *
     * @param wav the signal
     * @param size the chunk size in samples
     * @param rng the random source
     * @param out destination
     * @param offset first index written in {@code out}
     */
    public static void randomCrop(float[] wav, int size, RandomGenerator rng, float[] out, int offset) {
        int slack = wav.length - size;
        int start = slack >= 0 ? rng.nextInt(slack + 1) : -rng.nextInt(-slack + 1);
        copy(wav, start, size, out, offset);
    }

    /**
     * Reads a signal at a different speed by linear interpolation: {@code out[offset + i] = wav(i · rate)}.
     *
     * @param wav the signal, at least {@code (size - 1) · rate + 1} samples long
     * @param rate input samples per output sample (above 1: faster and higher)
     * @param out destination
     * @param offset first index written in {@code out}
     * @param size number of samples written
     */
    public static void resample(float[] wav, double rate, float[] out, int offset, int size) {
        for (int i = 0; i < size; i++) {
            double x = i * rate;
            int j = Math.min((int) x, wav.length - 2);
            double frac = x - j;
            out[offset + i] = (float) (wav[j] + frac * (wav[j + 1] - wav[j]));
        }
    }

    /**
     * Maps any integer index onto [0, length) by mirror reflection without repeating the edge sample
     * (…, 2, 1, 0, 1, 2, …, length-1, length-2, …).
     *
     * @param index any index
     * @param length signal length (positive)
     * @return the reflected index
     */
    public static int reflect(int index, int length) {
        if (length == 1) {
            return 0;
        }
        int period = 2 * (length - 1);
        int i = Math.floorMod(index, period);
        return i < length ? i : period - i;
    }
}
