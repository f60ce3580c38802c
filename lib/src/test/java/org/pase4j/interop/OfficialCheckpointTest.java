package org.pase4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pase4j.Prerequisites;
import org.pase4j.downstream.Npy;
import org.pase4j.downstream.PretrainedEncoder;
import org.pase4j.model.EncoderConfig;

/**
 * An official santi-pdp/pase encoder checkpoint (written by the test driver
 * {@code lib/src/test/python/make_official_case.py} with random weights in the official {@code WaveFe}
 * layout) goes through {@code python/convert_official.py} into {@link PretrainedEncoder#load} and gives
 * the official model's output. Needs a Python with torch and numpy: the system property
 * {@code pase4j.python}, else {@code /usr/bin/python3}, else {@code python3}; fails without one (Prerequisites).
 */
class OfficialCheckpointTest {

    /** Largest difference allowed, relative to the largest magnitude of the official output. */
    private static final double TOLERANCE = 1e-4;
    private static final int BATCH = 2;
    /** Multiples of 160 and one that is not (16080 = 100.5 hops gives 100 frames in both). */
    private static final int[] LENGTHS = {16000, 16080, 16480};
    /** The test driver that writes an official checkpoint and its outputs. */
    private static final String CASE_WRITER = TorchPython.drivers().resolve("make_official_case.py").toString();
    /** The converter under test. */
    private static final String CONVERTER = TorchPython.mirror().resolve("convert_official.py").toString();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"pase", "pase+"})
    void convertedOfficialEncoderReproducesTheOfficialOutput(String layout) throws Exception {
        String python = pythonWithTorch();
        String lengths = String.join(",", Arrays.stream(LENGTHS).mapToObj(Integer::toString).toList());
        run(python, CASE_WRITER, tmp.toString(), "--layout", layout, "--batch", Integer.toString(BATCH),
                "--lengths", lengths);
        Path npz = tmp.resolve("converted.npz");
        String log = run(python, CONVERTER, tmp.resolve("official.ckpt").toString(), npz.toString());
        assertTrue(log.contains("(" + layout + ", "), "layout recognised from the keys: " + log);

        EncoderConfig expected = layout.equals("pase") ? EncoderConfig.officialPase() : EncoderConfig.officialPasePlus();
        try (PretrainedEncoder encoder = PretrainedEncoder.load(npz)) {
            assertEquals(expected, encoder.config());
            for (int n : LENGTHS) {
                float[][] waves = Npy.read(tmp.resolve("wave_" + n + ".npy"));
                for (int b = 0; b < BATCH; b++) {
                    float[][] official = Npy.read(tmp.resolve("embed_" + n + "_" + b + ".npy"));
                    float[][] ours = encoder.embed(waves[b]);
                    assertEquals(official.length, ours.length, layout + ", " + n + " samples: frames");
                    assertEquals(expected.embDim(), ours[0].length);
                    double largest = 0;
                    double difference = 0;
                    for (int t = 0; t < official.length; t++) {
                        for (int d = 0; d < official[t].length; d++) {
                            largest = Math.max(largest, Math.abs(official[t][d]));
                            difference = Math.max(difference, Math.abs(official[t][d] - ours[t][d]));
                        }
                    }
                    System.out.printf("%s, %d samples, waveform %d: %d frames, max |official| %.3f, max |difference|"
                            + " %.3g, relative %.3g%n", layout, n, b, ours.length, largest, difference,
                            difference / largest);
                    assertTrue(largest > 1, "the official output is not degenerate: " + largest);
                    assertTrue(difference <= TOLERANCE * largest, layout + ", " + n + " samples, waveform " + b
                            + ": max |difference| " + difference + " > " + TOLERANCE + " x " + largest);
                }
            }
        }
    }

    @Test
    void converterReadsAWrappedStateDictAndNamesUnexpectedMissingAndMisshapedKeys() throws Exception {
        String python = pythonWithTorch();
        run(python, CASE_WRITER, tmp.toString(), "--layout", "pase", "--batch", "1", "--lengths", "16000");
        Path official = tmp.resolve("official.ckpt");
        Path wrapped = tmp.resolve("wrapped.ckpt");
        Path broken = tmp.resolve("broken.ckpt");
        run(python, "-c", "import sys, torch; s = torch.load(sys.argv[1]);"
                + " torch.save({'step': 7, 'state_dict': s}, sys.argv[2]);"
                + " s['extra.weight'] = torch.zeros(3); del s['W.bias']; s['blocks.2.act.weight'] = torch.zeros(5);"
                + " torch.save(s, sys.argv[3])", official.toString(), wrapped.toString(), broken.toString());

        Path npz = tmp.resolve("wrapped.npz");
        run(python, CONVERTER, wrapped.toString(), npz.toString());
        try (PretrainedEncoder encoder = PretrainedEncoder.load(npz)) {
            float[][] wave = Npy.read(tmp.resolve("wave_16000.npy"));
            float[][] reference = Npy.read(tmp.resolve("embed_16000_0.npy"));
            assertEquals(reference[37][11], encoder.embed(wave[0])[37][11], 1e-3);
        }

        Result bad = start(python, CONVERTER, broken.toString(), tmp.resolve("broken.npz").toString());
        assertEquals(1, bad.exitCode(), bad.output());
        assertEquals("convert_official.py: " + broken + " is not an official PASE.cfg encoder: unexpected keys:"
                + " extra.weight; missing keys: W.bias; wrong shapes: blocks.2.act.weight (5,) (expected (128,))",
                bad.output().strip());
        assertTrue(Files.notExists(tmp.resolve("broken.npz")));

        Result mismatch = start(python, CONVERTER, official.toString(), tmp.resolve("mismatch.npz").toString(),
                "--layout", "pase+");
        assertEquals(1, mismatch.exitCode(), mismatch.output());
        assertTrue(mismatch.output().contains("is not an official PASE+.cfg encoder: missing keys: denseskips.0.weight"),
                mismatch.output());
    }

    private record Result(int exitCode, String output) {}

    private static String run(String... command) throws IOException, InterruptedException {
        Result r = start(command);
        assertEquals(0, r.exitCode(), String.join(" ", command) + "\n" + r.output());
        return r.output();
    }

    private static Result start(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return new Result(p.exitValue(), out);
    }

    /** The first of {@code pase4j.python}, {@code /usr/bin/python3}, {@code python3} that imports torch and numpy. */
    private static String pythonWithTorch() {
        List<String> candidates = new ArrayList<>();
        String property = System.getProperty("pase4j.python");
        if (property != null && !property.isBlank()) {
            candidates.add(property);
        }
        candidates.add("/usr/bin/python3");
        candidates.add("python3");
        for (String python : candidates) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // not installed: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Prerequisites.require(false, "a Python with PyTorch and NumPy among " + candidates,
                "apt-get install python3-torch python3-numpy");
        return null;
    }
}
