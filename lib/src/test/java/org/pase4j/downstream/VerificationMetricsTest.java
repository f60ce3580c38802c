package org.pase4j.downstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.Prerequisites;

class VerificationMetricsTest {

    @TempDir
    Path tmp;

    /**
     * Worked by hand. Targets 0.9 0.8 0.4, non-targets 0.7 0.3 0.2 0.1; accepting from the top gives
     * (false alarm, miss) = (0, 1) (0, 2/3) (0, 1/3) (1/4, 1/3) (1/4, 0) (2/4, 0) (3/4, 0) (1, 0). The
     * rates cross on the vertical step at false alarm 1/4: EER 0.25. Cost at p = 0.01, normalised by 0.01:
     * miss + 99 · false alarm, smallest at (0, 1/3); at p = 0.5: miss + false alarm, smallest 1/4.
     */
    @Test
    void aHandWorkedExample() {
        double[] scores = {0.9, 0.7, 0.8, 0.3, 0.4, 0.2, 0.1};
        boolean[] target = {true, false, true, false, true, false, false};
        VerificationMetrics m = VerificationMetrics.of(scores, target);
        assertEquals(0.25, m.eer(), 1e-12);
        assertEquals(1.0 / 3, m.minDcf(), 1e-12);
        assertEquals(3, m.targets());
        assertEquals(4, m.nonTargets());
        assertArrayEquals(new double[] {0, 0, 0, 0.25, 0.25, 0.5, 0.75, 1}, m.falseAlarms(), 1e-12);
        assertArrayEquals(new double[] {1, 2.0 / 3, 1.0 / 3, 1.0 / 3, 0, 0, 0, 0}, m.misses(), 1e-12);
        assertEquals(0.25, VerificationMetrics.of(scores, target, 0.5, 1, 1).minDcf(), 1e-12);
    }

    @Test
    void anInterpolatedCrossingPerfectSeparationAndTies() {
        // tied scores accept a target and a non-target at once: a slanted segment
        VerificationMetrics slanted = VerificationMetrics.of(new double[] {0.9, 0.5, 0.5, 0.1},
                new boolean[] {true, true, false, false});
        // points (0,1) (0,1/2) (1/2,0) (1,0): the segment from (0,1/2) to (1/2,0) meets the diagonal at 1/4
        assertEquals(0.25, slanted.eer(), 1e-12);
        VerificationMetrics perfect = VerificationMetrics.of(new double[] {3, 2, 1, 0},
                new boolean[] {true, true, false, false});
        assertEquals(0, perfect.eer(), 1e-12);
        assertEquals(0, perfect.minDcf(), 1e-12);
        VerificationMetrics tied = VerificationMetrics.of(new double[] {1, 1, 1, 1},
                new boolean[] {true, false, true, false});
        assertEquals(0.5, tied.eer(), 1e-12);
        assertEquals(1, tied.minDcf(), 1e-12, "no better than rejecting everything");
    }

    @Test
    void badTrialsAreRefusedWithTheReason() {
        assertEquals("0 target and 2 non-target trials: verification needs both", assertThrows(
                IllegalArgumentException.class, () -> VerificationMetrics.of(new double[] {1, 2},
                        new boolean[] {false, false})).getMessage());
        assertEquals("trial 1 has score NaN, expected a finite one", assertThrows(IllegalArgumentException.class,
                () -> VerificationMetrics.of(new double[] {1, Double.NaN}, new boolean[] {true, false})).getMessage());
    }

    /** scikit-learn's ROC (Debian's python3-sklearn), the EER by root-finding on it, the cost from its rates. */
    private static final String SKLEARN = String.join("\n",
            "import sys, numpy as np",
            "from sklearn.metrics import roc_curve",
            "from scipy.optimize import brentq",
            "from scipy.interpolate import interp1d",
            "d = np.loadtxt(sys.argv[1])",
            "y, s = d[:, 0].astype(int), d[:, 1]",
            "fpr, tpr, _ = roc_curve(y, s, pos_label=1)",
            "eer = brentq(lambda x: 1.0 - x - interp1d(fpr, tpr)(x), 0.0, 1.0)",
            "p = 0.01",
            "dcf = np.min(((1 - tpr) * p + fpr * (1 - p)) / min(p, 1 - p))",
            "print('%.12f %.12f' % (eer, dcf))");

    @Test
    void agreesWithScikitLearn() throws IOException, InterruptedException {
        Prerequisites.require(imports("sklearn, scipy"), "/usr/bin/python3 with scikit-learn and SciPy",
                "apt-get install python3-sklearn");
        SplittableRandom random = new SplittableRandom(7);
        int n = 3000;
        double[] scores = new double[n];
        boolean[] target = new boolean[n];
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            target[i] = random.nextInt(10) == 0;
            // two decimals: many ties, as cosine scores of short crops have
            double z = random.nextGaussian() + (target[i] ? 1.5 : 0);
            scores[i] = Math.round(z * 100) / 100.0;
            text.append(target[i] ? 1 : 0).append(' ').append(scores[i]).append('\n');
        }
        Path file = Files.writeString(tmp.resolve("scores.txt"), text, StandardCharsets.US_ASCII);
        String[] reference = python(SKLEARN, file.toString()).strip().split(" ");
        VerificationMetrics m = VerificationMetrics.of(scores, target);
        assertEquals(Double.parseDouble(reference[0]), m.eer(), 1e-9, "EER");
        assertEquals(Double.parseDouble(reference[1]), m.minDcf(), 1e-9, "minDCF");
        System.out.printf(Locale.ROOT, "EER %.4f minDCF %.4f, scikit-learn %s%n", m.eer(), m.minDcf(),
                String.join(" ", reference));
    }

    private static boolean imports(String modules) throws InterruptedException {
        try {
            python("import " + modules);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String python(String code, String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("/usr/bin/python3", "-c", code));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("python failed: " + out);
        }
        return out;
    }
}
