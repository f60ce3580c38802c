package org.pase4j.label;

import ai.djl.ndarray.NDArray;

/**
 * Log power spectrum {@code log(1 + |STFT|^2)}, cropped to {@link Frames#count(long)} frames: the
 * recipe's LPS target ({@code torch.log1p} of SpeechBrain's power spectrum). The STFT is
 * {@code torch.stft(x, n_fft=2048, hop_length=160, win_length=400, window=torch.hamming_window(400),
 * center=True, pad_mode="reflect")}: a periodic 400-sample Hamming window
 * ({@code 0.54 - 0.46 cos(2 pi n / 400)}) zero-padded centred in 2048 samples, the signal
 * reflect-padded by 1024 samples on each side, so that frame {@code t} is centred on sample
 * {@code 160 t}. (The recipe's SpeechBrain STFT pads with zeros instead; that changes only the first
 * and last few frames.)
 */
public final class LogPowerSpectrum {

    /** Frequency bins per frame, {@code 2048 / 2 + 1}. */
    public static final int BINS = PowerSpectrogram.BINS;

    private LogPowerSpectrum() {}

    /**
     * Computes the log power spectrum of a batch of signals.
     *
     * @param signals float32 {@code (B, T)} with {@code T > 1024}
     * @return float32 {@code (B, 1025, T / 160)}, owned by the manager of {@code signals}
     */
    public static NDArray compute(NDArray signals) {
        Frames.checkSignals(signals, PowerSpectrogram.MIN_SAMPLES, "log power spectrum");
        int frames = Frames.count(signals.getShape().get(1));
        return Scopes.keepResult(() -> Frames.crop(PowerSpectrogram.power(signals), frames).add(1).log());
    }
}
