package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.pase4j.util.HostArrays;

/**
 * Prosody features, the recipe's prosody target: four channels per frame of the {@link Frames} grid,
 * <ol>
 *   <li>{@code log F0} (natural log of Hz) from the {@link PitchTracker}, linearly interpolated
 *       through unvoiced frames and held constant before the first and after the last voiced frame;
 *       0 on every frame of a chunk without any voiced frame (the recipe uses {@code log 60} there);</li>
 *   <li>the voiced flag, 1 or 0;</li>
 *   <li>RMS energy {@code sqrt(mean(x^2))};</li>
 *   <li>zero-crossing rate: the fraction of the 319 consecutive sample pairs of the frame whose
 *       signs differ (a sample is negative when {@code x < 0}).</li>
 * </ol>
 * Energy and zero-crossing rate use frames of {@value #FRAME_LENGTH} samples with hop 160: the signal is
 * reflect-padded by 160 samples on each side and frame {@code i} covers samples
 * {@code 160 i - 160 .. 160 i + 159} of the original, centred on sample {@code 160 i} like the
 * STFT frames. (The recipe's librosa calls pad with zeros for RMS and by edge repetition for ZCR, and
 * count one spurious crossing per frame.) F0 uses the tracker's longer window on the same centres.
 */
public final class Prosody {

    /** Channels per frame: log F0, voiced flag, RMS energy, zero-crossing rate. */
    public static final int CHANNELS = 4;

    /** Samples per energy and zero-crossing frame (20 ms). */
    public static final int FRAME_LENGTH = 320;

    private Prosody() {}

    /**
     * Computes the prosody features of a batch of signals.
     *
     * @param signals float32 {@code (B, T)} with {@code T > 400}
     * @return float32 {@code (B, 4, T / 160)}, owned by the manager of {@code signals}
     */
    public static NDArray compute(NDArray signals) {
        Frames.checkSignals(signals, PitchTracker.PAD + 1, "prosody");
        int batch = Math.toIntExact(signals.getShape().get(0));
        int length = Math.toIntExact(signals.getShape().get(1));
        int frames = Frames.count(length);
        float[] samples = signals.toFloatArray();
        float[][] f0 = PitchTracker.track(samples, batch, length, signals.getManager());
        float[] features = new float[batch * CHANNELS * frames];
        for (int b = 0; b < batch; b++) {
            int at = b * CHANNELS * frames;
            float[] logF0 = interpolatedLogF0(f0[b]);
            System.arraycopy(logF0, 0, features, at, frames);
            float[] padded = Signals.reflectPad(samples, b * length, length, FRAME_LENGTH / 2);
            for (int i = 0; i < frames; i++) {
                features[at + frames + i] = f0[b][i] > 0 ? 1 : 0;
                features[at + 2 * frames + i] = rms(padded, i * Frames.HOP_LENGTH);
                features[at + 3 * frames + i] = zeroCrossingRate(padded, i * Frames.HOP_LENGTH);
            }
        }
        return HostArrays.of(signals.getManager(), features, new Shape(batch, CHANNELS, frames));
    }

    /**
     * @param f0 F0 per frame in Hz, 0 where unvoiced
     * @return log F0 interpolated linearly through unvoiced frames, edges held; all zeros if no frame is voiced
     */
    static float[] interpolatedLogF0(float[] f0) {
        float[] logF0 = new float[f0.length];
        int previous = -1;
        for (int i = 0; i < f0.length; i++) {
            if (f0[i] <= 0) {
                continue;
            }
            logF0[i] = (float) Math.log(f0[i]);
            if (previous < 0) {
                Arrays.fill(logF0, 0, i, logF0[i]);
            } else {
                for (int k = previous + 1; k < i; k++) {
                    logF0[k] = logF0[previous] + (logF0[i] - logF0[previous]) * (k - previous) / (i - previous);
                }
            }
            previous = i;
        }
        if (previous >= 0) {
            Arrays.fill(logF0, previous + 1, f0.length, logF0[previous]);
        }
        return logF0;
    }

    private static float rms(float[] padded, int start) {
        double sum = 0;
        for (int n = start; n < start + FRAME_LENGTH; n++) {
            sum += (double) padded[n] * padded[n];
        }
        return (float) Math.sqrt(sum / FRAME_LENGTH);
    }

    private static float zeroCrossingRate(float[] padded, int start) {
        int crossings = 0;
        for (int n = start + 1; n < start + FRAME_LENGTH; n++) {
            if (padded[n] < 0 != padded[n - 1] < 0) {
                crossings++;
            }
        }
        return (float) crossings / (FRAME_LENGTH - 1);
    }
}
