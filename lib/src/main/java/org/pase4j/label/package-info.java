/**
 * Labellers: the targets of PASE's workers, computed from the <em>clean</em> batch.
 *
 * <p>A {@link org.pase4j.label.Labeller} turns a {@link org.pase4j.data.ChunkBatch} into one worker's
 * target, channels-first and on the encoder's frame grid ({@link org.pase4j.label.Frames}: hop 160,
 * 100 frames per second, frame {@code i} centred on sample {@code 160 i}, {@code chunkSize / 160} frames):
 * <ul>
 *   <li>{@link org.pase4j.label.WaveformLabeller} the anchor waveform {@code (B, 1, chunkSize)};</li>
 *   <li>{@link org.pase4j.label.MfccLabeller} 20 MFCCs {@code (B, 20, frames)};</li>
 *   <li>{@link org.pase4j.label.LpsLabeller} the log power spectrum {@code (B, 1025, frames)};</li>
 *   <li>{@link org.pase4j.label.ProsodyLabeller} log F0, voicing, energy and zero-crossing rate
 *       {@code (B, 4, frames)};</li>
 *   <li>{@link org.pase4j.label.LimLabeller} {@code (2B, 1, frames)},
 *       {@link org.pase4j.label.GimLabeller} and {@link org.pase4j.label.SpcLabeller} {@code (2B, 1, 1)}:
 *       ones for the first {@code B} pairs, zeros for the next {@code B}.</li>
 * </ul>
 * The features behind them ({@link org.pase4j.label.Mfcc}, {@link org.pase4j.label.LogPowerSpectrum},
 * {@link org.pase4j.label.Prosody}, {@link org.pase4j.label.PitchTracker}) work on whole batches of
 * signals {@code (B, T)} and are reusable elsewhere (the downstream MFCC baseline uses
 * {@link org.pase4j.label.Mfcc}). Their results belong to the manager of their input and they close
 * every intermediate array. They are checked against independent implementations with golden values
 * from {@code tools/golden/make_golden.sh}: torchaudio for MFCC and LPS, numpy for energy and
 * zero-crossing rate, Praat for F0.
 *
 * <h2>Raw or z-scored targets</h2>
 * The recipe trains on raw targets; the official PASE z-normalises every target dimension with
 * training-set statistics ({@link org.pase4j.label.TargetNormalizer} does that here). <b>Raw targets
 * are the default</b>, because pase4j's defaults reproduce the recipe, so that a recipe
 * {@code train.yaml} means the same thing. Be aware of what that implies: measured over one epoch of
 * the bundled corpus, the mean squared raw target (the MSE of a worker that outputs zeros) is about
 * 300 for MFCC, 6 for prosody (mostly the log F0 offset of ~4.9), 0.5 for LPS and 0.013 for the
 * waveform, and per-dimension standard deviations range from 46 (MFCC c0) down to 0.0006 (the
 * quietest LPS bins). With the recipe's mean of worker losses the MFCC worker's gradient dominates
 * the encoder's. To give every worker a comparable say, as the official PASE does, estimate a
 * {@link org.pase4j.label.TargetNormalizer} per regression worker on training batches, train on
 * normalised targets and save the normalizers with the model; we recommend that for new experiments
 * that need not match the recipe. (Z-scoring also blows near-constant LPS bins up to unit variance:
 * that is what the official code does too.)
 */
package org.pase4j.label;
