package org.pase4j.audio;

import java.util.Arrays;

/**
 * An in-place radix-2 complex FFT of one power-of-two size, with precomputed twiddles, and the linear
 * convolution built on it. Immutable once built.
 */
final class Fft {

    private final int size;
    private final double[] cos;
    private final double[] sin;

    /**
     * Precomputes the twiddles.
     *
     * @param size the transform size, a power of two
     */
    Fft(int size) {
        if (size < 1 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("FFT size " + size + ", expected a power of two");
        }
        this.size = size;
        cos = new double[size / 2];
        sin = new double[size / 2];
        for (int k = 0; k < size / 2; k++) {
            double angle = -2 * Math.PI * k / size;
            cos[k] = Math.cos(angle);
            sin[k] = Math.sin(angle);
        }
    }

    /**
     * The smallest power of two that is at least {@code n}.
     *
     * @param n a positive length
     * @return the transform size for {@code n} samples
     */
    static int sizeFor(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /** @return the transform size */
    int size() {
        return size;
    }

    /**
     * Transforms {@code re + i·im} in place: {@code X[k] = Σ x[n] e^{∓2πikn/N}}, the inverse scaled by
     * {@code 1/N} so that it undoes the forward transform.
     *
     * @param re real parts, {@code size} long
     * @param im imaginary parts, {@code size} long
     * @param inverse whether to compute the inverse transform
     */
    void transform(double[] re, double[] im, boolean inverse) {
        for (int i = 1, j = 0; i < size; i++) {
            int bit = size >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        double sign = inverse ? -1 : 1;
        for (int half = 1; half < size; half <<= 1) {
            int step = size / (2 * half);
            for (int start = 0; start < size; start += 2 * half) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sign * sin[k * step];
                    int a = start + k;
                    int b = a + half;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
        if (inverse) {
            double scale = 1.0 / size;
            for (int i = 0; i < size; i++) {
                re[i] *= scale;
                im[i] *= scale;
            }
        }
    }

    /**
     * The first {@code length} samples of the linear convolution of {@code x[offset..offset+length)}
     * with {@code h}, computed with one forward and one inverse transform (both real signals share the
     * forward one). Only {@code h}'s first {@code length} samples can reach the output.
     *
     * @param x the signal's array
     * @param offset where the signal starts in {@code x}
     * @param length the signal's length, and the output's
     * @param h the impulse response
     * @return {@code y[n] = Σ_k h[k] x[n−k]} for {@code n < length}
     * @throws IllegalArgumentException if this transform is shorter than {@code length + min(h, length) − 1}
     */
    double[] convolve(float[] x, int offset, int length, float[] h) {
        int taps = Math.min(h.length, length);
        if (length + taps - 1 > size) {
            throw new IllegalArgumentException("FFT size " + size + " for a convolution of " + length + " by "
                    + taps + " samples, expected at least " + (length + taps - 1));
        }
        double[] re = new double[size];
        double[] im = new double[size];
        for (int i = 0; i < length; i++) {
            re[i] = x[offset + i];
        }
        for (int i = 0; i < taps; i++) {
            im[i] = h[i];
        }
        transform(re, im, false);
        // Z = X + iH with X, H Hermitian: X[k] = (Z[k] + conj Z[-k]) / 2, H[k] = (Z[k] − conj Z[-k]) / 2i,
        // and Y = XH is Hermitian too, so each pair (k, −k) is computed once and written in place.
        for (int k = 0; k <= size / 2; k++) {
            int m = (size - k) & (size - 1);
            double xr = (re[k] + re[m]) / 2;
            double xi = (im[k] - im[m]) / 2;
            double hr = (im[k] + im[m]) / 2;
            double hi = (re[m] - re[k]) / 2;
            double yr = xr * hr - xi * hi;
            double yi = xr * hi + xi * hr;
            re[m] = yr;
            im[m] = -yi;
            re[k] = yr;
            im[k] = yi;
        }
        transform(re, im, true);
        return Arrays.copyOf(re, length);
    }
}
