package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.pase4j.util.HostArrays;

/**
 * Fundamental frequency (F0) tracker between {@value #MIN_F0} and {@value #MAX_F0} Hz on the
 * {@link Frames} grid: Boersma's normalised autocorrelation method (P. Boersma, "Accurate short-term
 * analysis of the fundamental frequency and the harmonics-to-noise ratio of a sampled sound", IFA
 * Proceedings 17, 1993), i.e. the algorithm of Praat's {@code To Pitch (ac)}, re-implemented here with
 * Praat's default thresholds and costs.
 *
 * <p>For frame {@code i} (centred on sample {@code 160 i}, the signal reflect-padded by
 * {@value #PAD} samples on each side):
 * <ol>
 *   <li>the {@value #WINDOW_LENGTH} samples {@code 160 i - 399 .. 160 i + 398} (three periods of
 *       60 Hz), minus their local mean over {@code 160 i - 266 .. 160 i + 265} (two longest periods),
 *       times a Hann window {@code 0.5 - 0.5 cos(2 pi (j + 1) / 799)};</li>
 *   <li>its autocorrelation (batched FFTs of 1152 points, enough for the longest lag to be free of
 *       wrap-around; Praat uses 2048), normalised by the zero lag and divided by the window's own
 *       normalised autocorrelation;</li>
 *   <li>candidates: local maxima above {@code 0.5 * VOICING_THRESHOLD} at lags 53..267
 *       (300 Hz down to 60 Hz), refined by parabolic interpolation (Praat refines with sinc
 *       interpolation), strength {@code r} (reflected to {@code 1/r} above 1), at most 14 per frame
 *       plus the unvoiced candidate, whose strength is {@code VOICING_THRESHOLD + max(0, 2 - intensity /
 *       (SILENCE_THRESHOLD / (1 + VOICING_THRESHOLD)))}, where intensity is the frame's local peak
 *       (largest windowed value within half a longest period of the centre) over the signal's global
 *       peak ({@code max |x - mean(x)|} over the chunk);</li>
 *   <li>a Viterbi path over all frames maximising the sum of strengths (voiced ones less
 *       {@code OCTAVE_COST * log2(MAX_F0 / f)}) minus transition costs: {@code VOICED_UNVOICED_COST}
 *       for a voicing change and {@code OCTAVE_JUMP_COST * |log2(f1 / f2)|} between voiced frames.</li>
 * </ol>
 * On the golden signals it agrees with Praat 6.3 ({@code tools/golden/pitch.praat}) on the voicing of
 * almost every frame and on F0 to a fraction of a percent; see {@code ProsodyTest}.
 */
public final class PitchTracker {

    /** Lowest F0 in Hz (the pitch floor). */
    public static final double MIN_F0 = 60;

    /** Highest F0 in Hz (the pitch ceiling). */
    public static final double MAX_F0 = 300;

    /** Analysis window in samples: Praat's {@code 2 * (floor(3 / MIN_F0 * 16000) / 2 - 1)}. */
    public static final int WINDOW_LENGTH = 798;

    /** Reflect padding of the signal on each side, in samples. */
    public static final int PAD = 400;

    /** Praat's silence threshold, relative to the signal's peak. */
    public static final double SILENCE_THRESHOLD = 0.03;

    /** Praat's voicing threshold on the normalised autocorrelation. */
    public static final double VOICING_THRESHOLD = 0.45;

    /** Praat's octave cost per octave (favours higher candidates). */
    public static final double OCTAVE_COST = 0.01;

    /** Praat's octave-jump cost per octave between consecutive voiced frames. */
    public static final double OCTAVE_JUMP_COST = 0.35;

    /** Praat's cost of a voiced/unvoiced transition. */
    public static final double VOICED_UNVOICED_COST = 0.14;

    private static final int SAMPLE_RATE = 16000;
    private static final int FFT_SIZE = 1152;
    private static final int MAX_CANDIDATES = 15;
    private static final int LONGEST_PERIOD = (int) (SAMPLE_RATE / MIN_F0);
    private static final int HALF_WINDOW = WINDOW_LENGTH / 2;
    private static final int MIN_LAG = (int) (SAMPLE_RATE / MAX_F0);
    private static final int MAX_LAG = WINDOW_LENGTH / 3 + 1;
    private static final int LAGS = MAX_LAG + 2;
    private static final int PEAK_FROM = HALF_WINDOW - LONGEST_PERIOD / 2 - 1;
    private static final int PEAK_TO = HALF_WINDOW + LONGEST_PERIOD / 2;
    private static final double[] WINDOW = hann();
    private static final double[] WINDOW_AUTOCORRELATION = autocorrelation(WINDOW);

    private PitchTracker() {}

    /**
     * Tracks F0 in a batch of signals.
     *
     * @param signals float32 {@code (B, T)} with {@code T > 400}
     * @return {@code [B][T / 160]} F0 in Hz per frame, 0 where the frame is unvoiced
     */
    public static float[][] track(NDArray signals) {
        Frames.checkSignals(signals, PAD + 1, "pitch tracker");
        return track(signals.toFloatArray(), Math.toIntExact(signals.getShape().get(0)),
                Math.toIntExact(signals.getShape().get(1)), signals.getManager());
    }

    /**
     * Tracks F0 in a batch of signals given as an array.
     *
     * @param samples {@code batch * length} samples, row-major
     * @param batch signals
     * @param length samples per signal, more than {@value #PAD}
     * @param manager where the temporary FFT arrays are made (and closed)
     * @return {@code [batch][length / 160]} F0 in Hz, 0 where unvoiced
     */
    static float[][] track(float[] samples, int batch, int length, NDManager manager) {
        int frames = Frames.count(length);
        float[] windowed = new float[batch * frames * WINDOW_LENGTH];
        double[] intensity = new double[batch * frames];
        for (int b = 0; b < batch; b++) {
            float[] padded = Signals.reflectPad(samples, b * length, length, PAD);
            double globalPeak = globalPeak(samples, b * length, length);
            for (int i = 0; i < frames; i++) {
                int frame = b * frames + i;
                intensity[frame] = window(padded, PAD + i * Frames.HOP_LENGTH, globalPeak, windowed,
                        frame * WINDOW_LENGTH);
            }
        }
        float[] ac = autocorrelations(windowed, batch * frames, manager);
        float[][] f0 = new float[batch][];
        for (int b = 0; b < batch; b++) {
            Candidates[] path = new Candidates[frames];
            for (int i = 0; i < frames; i++) {
                int frame = b * frames + i;
                path[i] = Candidates.of(ac, frame * LAGS, intensity[frame]);
            }
            f0[b] = viterbi(path);
        }
        return f0;
    }

    /** Writes the mean-removed, windowed frame centred on {@code centre}; returns its intensity. */
    private static double window(float[] padded, int centre, double globalPeak, float[] out, int at) {
        double mean = 0;
        for (int n = centre - LONGEST_PERIOD; n < centre + LONGEST_PERIOD; n++) {
            mean += padded[n];
        }
        mean /= 2 * LONGEST_PERIOD;
        double localPeak = 0;
        int start = centre - HALF_WINDOW;
        for (int j = 0; j < WINDOW_LENGTH; j++) {
            double v = (padded[start + j] - mean) * WINDOW[j];
            out[at + j] = (float) v;
            if (j >= PEAK_FROM && j <= PEAK_TO) {
                localPeak = Math.max(localPeak, Math.abs(v));
            }
        }
        return globalPeak > 0 ? Math.min(1, localPeak / globalPeak) : 0;
    }

    private static double globalPeak(float[] samples, int offset, int length) {
        double mean = 0;
        for (int n = offset; n < offset + length; n++) {
            mean += samples[n];
        }
        mean /= length;
        double peak = 0;
        for (int n = offset; n < offset + length; n++) {
            peak = Math.max(peak, Math.abs(samples[n] - mean));
        }
        return peak;
    }

    /** @return lags {@code 0 .. LAGS-1} of each frame's autocorrelation, row-major */
    private static float[] autocorrelations(float[] windowed, int frames, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray spectrum = HostArrays.of(scope, windowed, new Shape(frames, WINDOW_LENGTH)).rfft(FFT_SIZE);
            return spectrum.mul(spectrum.conj()).irfft(FFT_SIZE).get(new NDIndex(":, :{}", LAGS)).toFloatArray();
        }
    }

    /** The best path through the frames' candidates; the F0 of each frame, 0 when unvoiced. */
    private static float[] viterbi(Candidates[] frames) {
        int n = frames.length;
        double[][] score = new double[n][];
        int[][] from = new int[n][];
        score[0] = frames[0].delta.clone();
        for (int t = 1; t < n; t++) {
            Candidates previous = frames[t - 1];
            Candidates current = frames[t];
            score[t] = new double[current.count];
            from[t] = new int[current.count];
            for (int c = 0; c < current.count; c++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int p = 0; p < previous.count; p++) {
                    double value = score[t - 1][p] - transitionCost(previous.frequency[p], current.frequency[c]);
                    if (value > best) {
                        best = value;
                        from[t][c] = p;
                    }
                }
                score[t][c] = best + current.delta[c];
            }
        }
        int c = 0;
        for (int k = 1; k < frames[n - 1].count; k++) {
            if (score[n - 1][k] > score[n - 1][c]) {
                c = k;
            }
        }
        float[] f0 = new float[n];
        for (int t = n - 1; t >= 0; t--) {
            f0[t] = (float) frames[t].frequency[c];
            if (t > 0) {
                c = from[t][c];
            }
        }
        return f0;
    }

    private static double transitionCost(double f1, double f2) {
        boolean voiced1 = f1 > 0;
        boolean voiced2 = f2 > 0;
        if (voiced1 && voiced2) {
            return OCTAVE_JUMP_COST * Math.abs(log2(f1 / f2));
        }
        return voiced1 == voiced2 ? 0 : VOICED_UNVOICED_COST;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static double[] hann() {
        double[] window = new double[WINDOW_LENGTH];
        for (int j = 0; j < WINDOW_LENGTH; j++) {
            window[j] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (j + 1) / (WINDOW_LENGTH + 1));
        }
        return window;
    }

    /** @return the window's autocorrelation at lags {@code 0 .. LAGS-1}, divided by its zero lag */
    private static double[] autocorrelation(double[] window) {
        double[] r = new double[LAGS];
        for (int lag = 0; lag < LAGS; lag++) {
            for (int j = 0; j + lag < window.length; j++) {
                r[lag] += window[j] * window[j + lag];
            }
        }
        for (int lag = LAGS - 1; lag >= 0; lag--) {
            r[lag] /= r[0];
        }
        return r;
    }

    /**
     * One frame's candidates: index 0 is "unvoiced" (frequency 0), the others F0 hypotheses;
     * {@code delta} is each one's local score for the path search.
     */
    private static final class Candidates {
        final double[] frequency = new double[MAX_CANDIDATES];
        final double[] delta = new double[MAX_CANDIDATES];
        final double[] strength = new double[MAX_CANDIDATES];
        int count = 1;

        static Candidates of(float[] ac, int at, double intensity) {
            Candidates candidates = new Candidates();
            candidates.delta[0] = VOICING_THRESHOLD
                    + Math.max(0, 2 - intensity / (SILENCE_THRESHOLD / (1 + VOICING_THRESHOLD)));
            double zeroLag = ac[at];
            if (intensity == 0 || !(zeroLag > 0)) {
                return candidates;
            }
            double[] r = new double[LAGS];
            for (int lag = MIN_LAG - 1; lag < LAGS; lag++) {
                r[lag] = ac[at + lag] / (zeroLag * WINDOW_AUTOCORRELATION[lag]);
            }
            for (int lag = MIN_LAG; lag <= MAX_LAG; lag++) {
                if (r[lag] > 0.5 * VOICING_THRESHOLD && r[lag] > r[lag - 1] && r[lag] >= r[lag + 1]) {
                    double slope = 0.5 * (r[lag + 1] - r[lag - 1]);
                    double curvature = 2 * r[lag] - r[lag - 1] - r[lag + 1];
                    double frequency = SAMPLE_RATE / (lag + slope / curvature);
                    double strength = r[lag] + 0.5 * slope * slope / curvature;
                    if (frequency < MAX_F0) {
                        candidates.add(frequency, strength > 1 ? 1 / strength : strength);
                    }
                }
            }
            for (int c = 1; c < candidates.count; c++) {
                candidates.delta[c] = candidates.strength[c] - OCTAVE_COST * log2(MAX_F0 / candidates.frequency[c]);
            }
            return candidates;
        }

        /** Adds a hypothesis, replacing the weakest one (octave cost included) when all places are taken. */
        private void add(double frequency, double strength) {
            int place;
            if (count < MAX_CANDIDATES) {
                place = count++;
            } else {
                place = 1;
                for (int c = 2; c < MAX_CANDIDATES; c++) {
                    if (rank(c) < rank(place)) {
                        place = c;
                    }
                }
                if (strength - OCTAVE_COST * log2(MIN_F0 / frequency) <= rank(place)) {
                    return;
                }
            }
            this.frequency[place] = frequency;
            this.strength[place] = strength;
        }

        private double rank(int c) {
            return strength[c] - OCTAVE_COST * log2(MIN_F0 / frequency[c]);
        }
    }
}
