package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Power spectrogram {@code |STFT|^2} shared by {@link Mfcc} and {@link LogPowerSpectrum}, computed as
 * {@code torch.stft(x, n_fft=2048, hop_length=160, win_length=400, window=torch.hamming_window(400),
 * center=True, pad_mode="reflect")}: a periodic 400-sample Hamming window
 * ({@code 0.54 - 0.46 cos(2 pi n / 400)}) zero-padded centred in 2048 samples, the signal
 * reflect-padded by 1024 samples on each side, so that frame {@code t} is centred on sample
 * {@code 160 t}.
 *
 * <p>The result keeps every centred frame, {@code 1 + T / 160} of them; callers crop to
 * {@link Frames#count(long)} after any whole-utterance step (such as the MFCC's {@code top_db}).
 */
public final class PowerSpectrogram {

    /** FFT size. */
    public static final int N_FFT = 2048;

    /** Hamming window length in samples (25 ms). */
    public static final int WINDOW_LENGTH = 400;

    /** Frequency bins, {@code N_FFT / 2 + 1}. */
    public static final int BINS = N_FFT / 2 + 1;

    /** Fewest samples per signal: reflect padding by {@code N_FFT / 2} needs more than that. */
    static final int MIN_SAMPLES = N_FFT / 2 + 1;

    private static final float[] WINDOW = centredHamming();

    private PowerSpectrogram() {}

    /**
     * Computes the power spectrogram of a batch of signals.
     *
     * @param signals float32 {@code (B, T)} with {@code T > 1024}
     * @return float32 {@code (B, 1025, 1 + T / 160)}, owned by the manager of {@code signals}
     */
    public static NDArray compute(NDArray signals) {
        Frames.checkSignals(signals, MIN_SAMPLES, "power spectrogram");
        try (NDScope scope = new NDScope()) {
            NDArray window = signals.getManager().create(WINDOW);
            NDArray power = signals.stft(N_FFT, Frames.HOP_LENGTH, true, window, true).abs().square();
            NDScope.unregister(power);
            return power;
        }
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
