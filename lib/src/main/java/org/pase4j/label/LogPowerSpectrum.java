package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;

/**
 * Log power spectrum {@code log(1 + |STFT|^2)} of the {@link PowerSpectrogram} (n_fft 2048, 400-sample
 * Hamming window, hop 160, centred, reflect padding), cropped to {@link Frames#count(long)} frames:
 * the recipe's LPS target ({@code torch.log1p} of SpeechBrain's power spectrum).
 */
public final class LogPowerSpectrum {

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
        try (NDScope scope = new NDScope()) {
            NDArray lps = PowerSpectrogram.compute(signals).add(1).log().get(new NDIndex(":, :, :{}", frames));
            NDScope.unregister(lps);
            return lps;
        }
    }
}
