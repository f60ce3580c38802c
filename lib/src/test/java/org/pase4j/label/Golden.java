package org.pase4j.label;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.pase4j.TestFiles;
import org.pase4j.audio.AudioReader;

/**
 * The golden signals and values written by {@code tools/golden/make_golden.sh}: the first second of
 * three bundled-corpus utterances and a synthetic 150 Hz tone with an unvoiced gap.
 */
final class Golden {

    /** Samples per golden signal (one second). */
    static final int SAMPLES = 16000;

    /** Frames per golden signal. */
    static final int FRAMES = 100;

    /** The golden signals' names, in the order of {@link #signals()}. */
    static final List<String> NAMES = List.of("1001-100101-0000", "1006-100601-0000", "1016-101601-0000", "tone-150hz");

    private Golden() {}

    /** @return the signals of {@link #NAMES}, {@value #SAMPLES} samples each, as AudioReader reads them */
    static float[][] signals() {
        float[][] signals = new float[NAMES.size()][];
        for (int i = 0; i < signals.length; i++) {
            String name = NAMES.get(i);
            String[] id = name.split("-");
            Path file = name.startsWith("tone") ? TestFiles.audio(name + ".wav")
                    : TestFiles.bundledCorpus().resolve("train-synth/" + id[0] + "/" + id[1] + "/" + name + ".flac");
            try {
                signals[i] = Arrays.copyOf(AudioReader.read(file), SAMPLES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return signals;
    }

    /** @return the signals of {@link #signals()} concatenated row by row */
    static float[] batch() {
        float[][] signals = signals();
        float[] batch = new float[signals.length * SAMPLES];
        for (int i = 0; i < signals.length; i++) {
            System.arraycopy(signals[i], 0, batch, i * SAMPLES, SAMPLES);
        }
        return batch;
    }

    /**
     * @param name a signal of {@link #NAMES}
     * @param kind {@code mfcc}, {@code lps} or {@code prosody}
     * @return the rows of {@code golden/NAME.KIND.csv}, comment lines skipped
     */
    static double[][] table(String name, String kind) {
        Path file = TestFiles.repo().resolve("lib/src/test/resources/golden/" + name + "." + kind + ".csv");
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> !line.startsWith("#"))
                    .map(line -> Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray())
                    .toArray(double[][]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
