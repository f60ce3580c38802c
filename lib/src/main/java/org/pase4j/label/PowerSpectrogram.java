package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.pase4j.util.HostArrays;

/**
 * The power spectrogram {@code |STFT|^2} that {@link Mfcc} and {@link LogPowerSpectrum} start from
 * (the STFT settings are spelt out on {@link LogPowerSpectrum}). It keeps every centred frame,
 * {@code 1 + T / 160} of them; the features crop to {@link Frames#count(long)} after any
 * whole-utterance step (such as the MFCC's {@code top_db}).
 */
final class PowerSpectrogram {

    /** FFT size. */
    static final int N_FFT = 2048;

    /** Frequency bins, {@code N_FFT / 2 + 1}. */
    static final int BINS = N_FFT / 2 + 1;

    /** Fewest samples per signal: reflect padding by {@code N_FFT / 2} needs more than that. */
    static final int MIN_SAMPLES = N_FFT / 2 + 1;

    private static final int WINDOW_LENGTH = 400;

    private static final float[] WINDOW = centredHamming();

    private PowerSpectrogram() {}

    /**
     * The power spectrogram of checked signals, for features that call it inside
     * {@link Scopes#keepResult}, which closes its temporaries.
     *
     * @param signals float32 {@code (B, T)} with {@code T > 1024}
     * @return float32 {@code (B, 1025, 1 + T / 160)} in the manager of {@code signals}
     */
    static NDArray power(NDArray signals) {
        NDArray window = HostArrays.of(signals.getManager(), WINDOW, new Shape(WINDOW.length));
        return signals.stft(N_FFT, Frames.HOP_LENGTH, true, window, true).abs().square();
    }

    private static float[] centredHamming() {
        float[] window = new float[N_FFT];
        int offset = (N_FFT - WINDOW_LENGTH) / 2;
        for (int n = 0; n < WINDOW_LENGTH; n++) {
            window[offset + n] = (float) (0.54 - 0.46 * Math.cos(2 * Math.PI * n / WINDOW_LENGTH));
        }
        return window;
    }
}
