package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.pase4j.util.HostArrays;

/**
 * Mel-frequency cepstral coefficients, the recipe's MFCC target and the downstream MFCC baseline's
 * features. Equal (to float32 rounding) to {@code torchaudio.transforms.MFCC(sample_rate=16000,
 * n_mfcc=20, norm="ortho", log_mels=False, melkwargs={n_fft: 2048, win_length: 400, hop_length: 160,
 * n_mels: 40, f_min: 0, f_max: 8000, window_fn: torch.hamming_window, center: True,
 * pad_mode: "reflect", power: 2.0, norm: None, mel_scale: "htk"})} applied to one utterance:
 * <ol>
 *   <li>the power spectrum {@code |STFT|^2} of {@link LogPowerSpectrum}'s STFT, 1025 bins;</li>
 *   <li>40 triangular mel filters from 0 to 8000 Hz on the HTK scale {@code 2595 log10(1 + f / 700)},
 *       unnormalised (as {@code torchaudio.functional.melscale_fbanks(norm=None, mel_scale="htk")});</li>
 *   <li>{@code 10 log10(max(x, 1e-10))}, then clamped from below at the utterance's maximum minus
 *       80 dB (the maximum over all bands and frames of that signal, not of the batch);</li>
 *   <li>orthonormal DCT-II to 20 coefficients {@code c0..c19} (as
 *       {@code torchaudio.functional.create_dct(20, 40, "ortho")});</li>
 *   <li>cropped to {@link Frames#count(long)} frames.</li>
 * </ol>
 * The recipe's SpeechBrain MFCC pads the STFT with zeros rather than by reflection; this only changes
 * the first and last few frames.
 */
public final class Mfcc {

    /** Cepstral coefficients per frame. */
    public static final int COEFFICIENTS = 20;

    /** Mel bands. */
    public static final int MEL_BANDS = 40;

    /** Top of the mel filterbank in Hz (the Nyquist frequency at 16 kHz). */
    public static final double MAX_FREQUENCY = 8000;

    /** Dynamic range kept below each utterance's loudest band, in dB. */
    public static final double TOP_DB = 80;

    private static final double AMIN = 1e-10;
    private static final float[] MEL_FILTERS = melFilters();
    private static final float[] DCT = orthonormalDct();

    private Mfcc() {}

    /**
     * Computes the MFCCs of a batch of signals.
     *
     * @param signals float32 {@code (B, T)} with {@code T > 1024}
     * @return float32 {@code (B, 20, T / 160)}, owned by the manager of {@code signals}
     */
    public static NDArray compute(NDArray signals) {
        Frames.checkSignals(signals, PowerSpectrogram.MIN_SAMPLES, "MFCC");
        long batch = signals.getShape().get(0);
        int frames = Frames.count(signals.getShape().get(1));
        return Scopes.keepResult(() -> {
            NDManager manager = signals.getManager();
            // (B, frames, 1025) x (1025, 40): the input stays the first operand, as everywhere.
            NDArray mel = PowerSpectrogram.power(signals).transpose(0, 2, 1)
                    .matMul(HostArrays.of(manager, MEL_FILTERS, new Shape(PowerSpectrogram.BINS, MEL_BANDS)));
            NDArray db = mel.maximum(AMIN).log10().mul(10);
            NDArray floor = db.reshape(batch, -1).max(new int[] {1}, true).sub(TOP_DB).reshape(batch, 1, 1);
            NDArray cepstra = db.maximum(floor).matMul(HostArrays.of(manager, DCT, new Shape(MEL_BANDS, COEFFICIENTS)));
            return Frames.crop(cepstra.transpose(0, 2, 1), frames); // (B, 20, frames)
        });
    }

    /** @return the (1025, 40) filterbank of {@code torchaudio.functional.melscale_fbanks}, row-major */
    private static float[] melFilters() {
        int bins = PowerSpectrogram.BINS;
        double maxMel = hzToMel(MAX_FREQUENCY);
        double[] edges = new double[MEL_BANDS + 2];
        for (int j = 0; j < edges.length; j++) {
            edges[j] = melToHz(maxMel * j / (MEL_BANDS + 1));
        }
        float[] filters = new float[bins * MEL_BANDS];
        for (int i = 0; i < bins; i++) {
            double f = MAX_FREQUENCY * i / (bins - 1);
            for (int m = 0; m < MEL_BANDS; m++) {
                double rising = (f - edges[m]) / (edges[m + 1] - edges[m]);
                double falling = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
                filters[i * MEL_BANDS + m] = (float) Math.max(0, Math.min(rising, falling));
            }
        }
        return filters;
    }

    /** @return the (40, 20) orthonormal DCT-II matrix of {@code torchaudio.functional.create_dct}, row-major */
    private static float[] orthonormalDct() {
        float[] dct = new float[MEL_BANDS * COEFFICIENTS];
        for (int n = 0; n < MEL_BANDS; n++) {
            for (int k = 0; k < COEFFICIENTS; k++) {
                double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / MEL_BANDS);
                dct[n * COEFFICIENTS + k] = (float) (scale * Math.cos(Math.PI / MEL_BANDS * (n + 0.5) * k));
            }
        }
        return dct;
    }

    private static double hzToMel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    private static double melToHz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }
}
