package org.pase4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;

class EnvironmentCorruptorTest {

    @TempDir
    Path tmp;

    @Test
    void addedNoiseHasTheDrawnSnr() throws IOException {
        int rows = 30;
        int chunk = 4000;
        float[] clean = signal(rows, chunk, 1);
        Arrays.fill(clean, 7 * chunk, 8 * chunk, 0f);
        float[] noisy = clean.clone();
        corruptor(1, 17, 17, 0).corrupt(noisy, rows, chunk, new SplittableRandom(2));
        for (int r = 0; r < rows; r++) {
            if (r == 7) {
                assertArrayEquals(new float[chunk], Arrays.copyOfRange(noisy, r * chunk, (r + 1) * chunk),
                        "an all-zero row is left alone");
            } else {
                assertEquals(17, snrDb(clean, noisy, r, chunk), 0.01, "row " + r);
            }
        }
        noisy = clean.clone();
        corruptor(1, 10, 30, 0).corrupt(noisy, rows, chunk, new SplittableRandom(3));
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int r = 0; r < rows; r++) {
            if (r != 7) {
                double snr = snrDb(clean, noisy, r, chunk);
                min = Math.min(min, snr);
                max = Math.max(max, snr);
            }
        }
        assertTrue(min >= 10 - 0.01 && max <= 30 + 0.01 && max - min > 12, "SNRs span [" + min + ", " + max + "]");
    }

    @Test
    void gainScalesEachRowByItsOwnFactorWithinTheRange() throws IOException {
        int rows = 40;
        int chunk = 1000;
        float[] clean = signal(rows, chunk, 1);
        float[] x = clean.clone();
        new EnvironmentCorruptor(new CorruptionOptions(0, 10, 30, 0, 0.2, 0.8, null, null, 6, 0)).corrupt(x, rows, chunk,
                new SplittableRandom(5));
        double low = Double.MAX_VALUE;
        double high = -Double.MAX_VALUE;
        for (int r = 0; r < rows; r++) {
            double gainDb = 20 * Math.log10(x[r * chunk + 3] / (double) clean[r * chunk + 3]);
            for (int i = r * chunk; i < (r + 1) * chunk; i++) {
                assertEquals(clean[i] * Math.pow(10, gainDb / 20), x[i], 1e-5, "one factor for the whole row " + r);
            }
            low = Math.min(low, gainDb);
            high = Math.max(high, gainDb);
        }
        assertTrue(low >= -6 - 1e-4 && high <= 6 + 1e-4 && high - low > 8, "gains span [" + low + ", " + high + "] dB");
        assertEquals("env_corrupt.gain_db: -1.0, expected a number of dB in [0, 40]", assertThrows(
                IllegalArgumentException.class, () -> new CorruptionOptions(0, 10, 30, 0, 0.2, 0.8, null, null, -1, 0))
                .getMessage());
    }

    @Test
    void reverberationAloneKeepsLengthAndRmsButChangesTheSignal() throws IOException {
        int rows = 6;
        int chunk = 16000;
        float[] clean = signal(rows, chunk, 4);
        float[] wet = Arrays.copyOf(clean, rows * chunk + 3);
        wet[rows * chunk] = 42;
        corruptor(0, 10, 30, 1).corrupt(wet, rows, chunk, new SplittableRandom(5));
        assertEquals(42, wet[rows * chunk], "samples after the rows are left alone");
        for (int r = 0; r < rows; r++) {
            double cleanRms = Math.sqrt(power(clean, r, chunk));
            assertEquals(cleanRms, Math.sqrt(power(wet, r, chunk)), 1e-5 * cleanRms, "RMS of row " + r);
            double diff = 0;
            for (int i = r * chunk; i < (r + 1) * chunk; i++) {
                diff += (wet[i] - clean[i]) * (wet[i] - clean[i]);
            }
            assertTrue(diff / chunk > 0.1 * cleanRms * cleanRms, "row " + r + " changed");
        }
    }

    @Test
    void probabilitiesAreRespected() throws IOException {
        int rows = 1000;
        int chunk = 64;
        float[] clean = signal(rows, chunk, 6);
        assertEquals(0.3, changedFraction(corruptor(0, 10, 30, 0.3), clean, rows, chunk), 0.05);
        assertEquals(0.6, changedFraction(corruptor(0.6, 10, 30, 0), clean, rows, chunk), 0.05);
        assertEquals(1 - 0.7 * 0.4, changedFraction(corruptor(0.6, 10, 30, 0.3), clean, rows, chunk), 0.05);
    }

    @Test
    void sameSeedSameOutput() throws IOException {
        int rows = 24;
        int chunk = 16000;
        float[] clean = signal(rows, chunk, 7);
        EnvironmentCorruptor corruptor = new EnvironmentCorruptor(CorruptionOptions.recipe());
        float[] a = clean.clone();
        float[] b = clean.clone();
        float[] c = clean.clone();
        corruptor.corrupt(a, rows, chunk, new SplittableRandom(8));
        new EnvironmentCorruptor(CorruptionOptions.recipe()).corrupt(b, rows, chunk, new SplittableRandom(8));
        corruptor.corrupt(c, rows, chunk, new SplittableRandom(9));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void disabledCorruptorChangesAndDrawsNothing() throws IOException {
        EnvironmentCorruptor none = EnvironmentCorruptor.none();
        assertFalse(none.isEnabled());
        assertTrue(new EnvironmentCorruptor(CorruptionOptions.recipe()).isEnabled());
        float[] clean = signal(3, 100, 10);
        float[] x = clean.clone();
        SplittableRandom rng = new SplittableRandom(11);
        none.corrupt(x, 3, 100, rng);
        assertArrayEquals(clean, x);
        assertEquals(new SplittableRandom(11).nextLong(), rng.nextLong());
        assertThrows(IllegalArgumentException.class, () -> none.corrupt(x, 4, 100, rng));
    }

    @Test
    void noiseFolderFilesAreUsed() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("noise/sub"));
        Files.writeString(folder.resolve("README.txt"), "not audio");
        short[] tone = new short[8000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 1000 * i / 16000.0));
        }
        TestFiles.writeWav(folder.resolve("tone.wav"), tone, 16000, 1);
        CorruptionOptions options = new CorruptionOptions(1, 20, 20, 0, 0.2, 0.8, tmp.resolve("noise"), null);
        int rows = 5;
        int chunk = 4000;
        float[] clean = signal(rows, chunk, 12);
        float[] noisy = clean.clone();
        new EnvironmentCorruptor(options).corrupt(noisy, rows, chunk, new SplittableRandom(13));
        for (int r = 0; r < rows; r++) {
            assertEquals(20, snrDb(clean, noisy, r, chunk), 0.01);
            double rms = Math.sqrt(power(clean, r, chunk)) / 10;
            for (int i = r * chunk; i < (r + 1) * chunk - 16; i++) {
                // a 1 kHz tone repeats every 16 samples; synthetic noise would not
                assertEquals(noisy[i] - clean[i], noisy[i + 16] - clean[i + 16], 1e-4 * rms, "sample " + i);
            }
        }
    }

    @Test
    void rirFolderResponsesAreAlignedOnTheirDirectPath() throws IOException {
        short[] rir = new short[100];
        rir[40] = 16384; // direct path 0.5 after a 40-sample delay
        rir[48] = -8192; // one echo at −0.25, 8 samples later
        TestFiles.writeWav(Files.createDirectories(tmp.resolve("rirs")).resolve("room.wav"), rir, 16000, 1);
        CorruptionOptions options = new CorruptionOptions(0, 10, 30, 1, 0.2, 0.8, null, tmp.resolve("rirs"));
        int rows = 2;
        int chunk = 500;
        float[] clean = signal(rows, chunk, 14);
        float[] wet = clean.clone();
        new EnvironmentCorruptor(options).corrupt(wet, rows, chunk, new SplittableRandom(15));
        for (int r = 0; r < rows; r++) {
            int o = r * chunk;
            double[] expected = new double[chunk];
            double energy = 0;
            for (int i = 0; i < chunk; i++) {
                expected[i] = clean[o + i] - (i >= 8 ? 0.5 * clean[o + i - 8] : 0);
                energy += expected[i] * expected[i];
            }
            double scale = Math.sqrt(power(clean, r, chunk) / (energy / chunk));
            for (int i = 0; i < chunk; i++) {
                assertEquals(expected[i] * scale, wet[o + i], 1e-5, "row " + r + " sample " + i);
            }
        }
    }

    @Test
    void unusableFoldersAreNamed() throws IOException {
        Path missing = tmp.resolve("missing");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CorruptionOptions(1, 10, 30, 0.3, 0.2, 0.8, missing, null));
        assertEquals("env_corrupt.noise_folder: " + missing + " is not a folder", e.getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "no audio here");
        e = assertThrows(IllegalArgumentException.class,
                () -> new CorruptionOptions(1, 10, 30, 0.3, 0.2, 0.8, null, empty));
        assertEquals("env_corrupt.rir_folder: " + empty + " holds no .flac or .wav file, expected 16 kHz mono"
                + " 16-bit audio", e.getMessage());
        Files.write(empty.resolve("bad.wav"), new byte[] {1, 2, 3});
        CorruptionOptions options = new CorruptionOptions(0, 10, 30, 1, 0.2, 0.8, null, empty);
        AudioFileException bad = assertThrows(AudioFileException.class,
                () -> new EnvironmentCorruptor(options).corrupt(signal(1, 100, 1), 1, 100, new SplittableRandom(1)));
        assertEquals(empty.resolve("bad.wav"), bad.file());
    }

    private static EnvironmentCorruptor corruptor(double noise, double snrLow, double snrHigh, double reverb) {
        return new EnvironmentCorruptor(new CorruptionOptions(noise, snrLow, snrHigh, reverb, 0.2, 0.8, null, null));
    }

    private static double changedFraction(EnvironmentCorruptor corruptor, float[] clean, int rows, int chunk)
            throws IOException {
        float[] x = clean.clone();
        corruptor.corrupt(x, rows, chunk, new SplittableRandom(16));
        int changed = 0;
        for (int r = 0; r < rows; r++) {
            if (!Arrays.equals(x, r * chunk, (r + 1) * chunk, clean, r * chunk, (r + 1) * chunk)) {
                changed++;
            }
        }
        return (double) changed / rows;
    }

    /** Rows of Gaussian noise with a different level per row (0.01 … 0.3 RMS). */
    private static float[] signal(int rows, int chunk, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[rows * chunk];
        for (int r = 0; r < rows; r++) {
            double level = 0.01 + 0.29 * rng.nextDouble();
            for (int i = 0; i < chunk; i++) {
                x[r * chunk + i] = (float) (level * rng.nextGaussian());
            }
        }
        return x;
    }

    private static double power(float[] x, int row, int chunk) {
        double sum = 0;
        for (int i = row * chunk; i < (row + 1) * chunk; i++) {
            sum += (double) x[i] * x[i];
        }
        return sum / chunk;
    }

    private static double snrDb(float[] clean, float[] noisy, int row, int chunk) {
        double noise = 0;
        for (int i = row * chunk; i < (row + 1) * chunk; i++) {
            double d = (double) noisy[i] - clean[i];
            noise += d * d;
        }
        return 10 * Math.log10(power(clean, row, chunk) * chunk / noise);
    }
}
