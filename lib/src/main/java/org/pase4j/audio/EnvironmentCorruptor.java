package org.pase4j.audio;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Environment corruption of the encoder's input chunks (the recipe's {@code env_corrupt}): each chunk is,
 * independently, coloured by a {@link RandomEqualizer} when {@link CorruptionOptions#eqDb()} is above 0,
 * reverberated with probability {@link CorruptionOptions#reverbProbability()} and then
 * given additive noise with probability {@link CorruptionOptions#noiseProbability()}, then scaled by a
 * gain uniform in {@code ±}{@link CorruptionOptions#gainDb()} dB when that is above 0. Callers corrupt a
 * copy of the batch: labels come from the clean chunks.
 *
 * <p>Reverberation convolves the chunk with a room response (synthetic with RT60 uniform in the
 * configured range, or a random file of the RIR folder aligned on its direct path, i.e. its largest
 * absolute sample), keeps the first chunk-size samples of the full convolution so that the chunk stays
 * aligned with its labels, and rescales them to the clean chunk's RMS. Noise is white, pink or brown with
 * equal chance ({@link NoiseSynth}), or a random crop of a random file of the noise folder (reflect-padded
 * when shorter), scaled to an SNR uniform in the configured range relative to the clean chunk's power.
 * All-zero chunks are left alone. Samples are not clipped.
 *
 * <p>Deterministic: the output depends only on the input and the random generator's state. Decoded
 * folder files are cached for the corruptor's lifetime (a noise folder is held in memory once read).
 * Not thread-safe: one loader thread owns it.
 */
public final class EnvironmentCorruptor {

    private final CorruptionOptions options;
    private final List<Path> noiseFiles;
    private final List<Path> rirFiles;
    private final Map<Path, float[]> noiseCache = new HashMap<>();
    private final Map<Path, float[]> rirCache = new HashMap<>();
    private final Map<Integer, Fft> ffts = new HashMap<>();

    /**
     * Creates a corruptor; the folders' files are listed now and decoded when first drawn.
     *
     * @param options the settings
     * @throws IllegalArgumentException naming a folder that no longer holds audio files
     */
    public EnvironmentCorruptor(CorruptionOptions options) {
        this.options = options;
        noiseFiles = options.noiseFolder() == null ? List.of()
                : CorruptionOptions.audioFiles("noise_folder", options.noiseFolder());
        rirFiles = options.rirFolder() == null ? List.of()
                : CorruptionOptions.audioFiles("rir_folder", options.rirFolder());
    }

    /** @return a corruptor that leaves every chunk clean */
    public static EnvironmentCorruptor none() {
        return new EnvironmentCorruptor(CorruptionOptions.none());
    }

    /** @return whether {@link #corrupt} can change anything; callers may skip the copy when not */
    public boolean isEnabled() {
        return options.isEnabled();
    }

    /**
     * Corrupts chunks in place. Each row gets its own stream split from {@code rng}, and noise and
     * reverberation their own streams split from that, so one row's draws never shift another's. A
     * disabled corruptor draws nothing.
     *
     * @param samples {@code rows × chunkSize} samples, row-major (e.g. a batch stacked
     *     {@code [anchor; positive; negative]}); extra samples after them are left alone
     * @param rows the number of chunks
     * @param chunkSize samples per chunk (at least 2)
     * @param rng the random source, advanced by one split per row
     * @throws AudioFileException if a noise or impulse-response file is unusable (or silent, for a response)
     */
    public void corrupt(float[] samples, int rows, int chunkSize, SplittableRandom rng) throws AudioFileException {
        if (rows < 0 || chunkSize < 2 || (long) rows * chunkSize > samples.length) {
            throw new IllegalArgumentException(rows + " rows of " + chunkSize + " samples in an array of "
                    + samples.length + ", expected rows >= 0, chunkSize >= 2 and rows x chunkSize <= length");
        }
        if (!isEnabled()) {
            return;
        }
        for (int row = 0; row < rows; row++) {
            SplittableRandom rowRng = rng.split();
            boolean reverb = rowRng.nextDouble() < options.reverbProbability();
            boolean noise = rowRng.nextDouble() < options.noiseProbability();
            SplittableRandom reverbRng = rowRng.split();
            SplittableRandom noiseRng = rowRng.split();
            int offset = row * chunkSize;
            if (options.eqDb() > 0) {
                RandomEqualizer.apply(samples, offset, chunkSize, options.eqDb(), rowRng.split());
            }
            if (options.gainDb() > 0) {
                float gain = (float) Math.pow(10, rowRng.split().nextDouble(-options.gainDb(), options.gainDb()) / 20);
                for (int i = offset; i < offset + chunkSize; i++) {
                    samples[i] *= gain;
                }
            }
            double power = meanSquare(samples, offset, chunkSize);
            if (power == 0) {
                continue;
            }
            if (reverb) {
                reverberate(samples, offset, chunkSize, power, reverbRng);
            }
            if (noise) {
                addNoise(samples, offset, chunkSize, power, noiseRng);
            }
        }
    }

    private void reverberate(float[] samples, int offset, int chunkSize, double power, SplittableRandom rng)
            throws AudioFileException {
        float[] h = rirFiles.isEmpty()
                ? RoomResponse.synthesise(uniform(rng, options.rt60LowSeconds(), options.rt60HighSeconds()), rng)
                : roomResponse(rirFiles.get(rng.nextInt(rirFiles.size())));
        int size = Fft.sizeFor(chunkSize + Math.min(h.length, chunkSize) - 1);
        double[] wet = ffts.computeIfAbsent(size, Fft::new).convolve(samples, offset, chunkSize, h);
        double wetPower = 0;
        for (double v : wet) {
            wetPower += v * v;
        }
        wetPower /= chunkSize;
        if (wetPower == 0) {
            return;
        }
        double scale = Math.sqrt(power / wetPower);
        for (int i = 0; i < chunkSize; i++) {
            samples[offset + i] = (float) (wet[i] * scale);
        }
    }

    private void addNoise(float[] samples, int offset, int chunkSize, double power, SplittableRandom rng)
            throws AudioFileException {
        double snrDb = uniform(rng, options.snrLowDb(), options.snrHighDb());
        float[] noise;
        if (noiseFiles.isEmpty()) {
            NoiseSynth.Colour[] colours = NoiseSynth.Colour.values();
            noise = NoiseSynth.generate(colours[rng.nextInt(colours.length)], chunkSize, rng);
        } else {
            noise = new float[chunkSize];
            Chunks.randomCrop(noiseFile(noiseFiles.get(rng.nextInt(noiseFiles.size()))), chunkSize, rng, noise, 0);
        }
        double noisePower = meanSquare(noise, 0, chunkSize);
        if (noisePower == 0) {
            return;
        }
        double gain = Math.sqrt(power / (noisePower * Math.pow(10, snrDb / 10)));
        for (int i = 0; i < chunkSize; i++) {
            samples[offset + i] += (float) (gain * noise[i]);
        }
    }

    private float[] noiseFile(Path file) throws AudioFileException {
        float[] wav = noiseCache.get(file);
        if (wav == null) {
            wav = AudioReader.read(file);
            noiseCache.put(file, wav);
        }
        return wav;
    }

    /** A response file from its direct path (largest absolute sample) on, so that it adds no delay. */
    private float[] roomResponse(Path file) throws AudioFileException {
        float[] h = rirCache.get(file);
        if (h == null) {
            float[] wav = AudioReader.read(file);
            int peak = 0;
            for (int i = 1; i < wav.length; i++) {
                if (Math.abs(wav[i]) > Math.abs(wav[peak])) {
                    peak = i;
                }
            }
            if (wav[peak] == 0) {
                throw new AudioFileException(file, "silent impulse response, expected a room response");
            }
            h = Arrays.copyOfRange(wav, peak, wav.length);
            rirCache.put(file, h);
        }
        return h;
    }

    private static double uniform(SplittableRandom rng, double low, double high) {
        return low == high ? low : rng.nextDouble(low, high);
    }

    /** The mean of the squares of {@code length} samples from {@code offset}: the chunk's power. */
    static double meanSquare(float[] x, int offset, int length) {
        double sum = 0;
        for (int i = offset; i < offset + length; i++) {
            sum += (double) x[i] * x[i];
        }
        return sum / length;
    }
}
