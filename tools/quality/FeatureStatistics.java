import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.pase4j.audio.AudioReader;
import org.pase4j.audio.Chunks;
import org.pase4j.audio.CorruptionOptions;
import org.pase4j.audio.EnvironmentCorruptor;
import org.pase4j.data.CorpusScanner;
import org.pase4j.downstream.Pca;
import org.pase4j.downstream.PretrainedEncoder;

/**
 * What an encoder's frozen features look like on the evaluation's input (every utterance's crop of
 * samples 100..16100, eval mode, BatchNorm with its running statistics): per-dimension standard
 * deviation over all frames on clean crops and on the same crops corrupted as the recipe's
 * {@code env_corrupt} does (noise at 10-30 dB, reverberation on 30 %), and how many directions the
 * pooled utterance vectors and the frames spread along (cumulative variance share of the top principal
 * components). The same for the encoder's random initialisation.
 *
 * <pre>
 * java -cp "lib/target/pase4j.jar:lib/target/lib/*" tools/quality/FeatureStatistics.java RUN_OR_CHECKPOINT data/LibriSynth
 * </pre>
 */
public final class FeatureStatistics {

    private FeatureStatistics() {}

    /**
     * Prints the statistics.
     *
     * @param args {@code ENCODER CORPUS}
     * @throws IOException if the encoder or the corpus cannot be read
     */
    public static void main(String[] args) throws IOException {
        System.setProperty("ai.djl.offline", "true");
        List<float[]> clean = new ArrayList<>();
        for (CorpusScanner.Entry e : CorpusScanner.scan(Path.of(args[1]))) {
            float[] crop = new float[16000];
            Chunks.copy(AudioReader.read(e.path()), 100, 16000, crop, 0);
            clean.add(crop);
        }
        List<float[]> corrupted = new ArrayList<>();
        EnvironmentCorruptor corruptor = new EnvironmentCorruptor(CorruptionOptions.recipe());
        SplittableRandom rng = new SplittableRandom(1986);
        for (float[] crop : clean) {
            float[] copy = crop.clone();
            corruptor.corrupt(copy, 1, copy.length, rng);
            corrupted.add(copy);
        }
        try (PretrainedEncoder trained = PretrainedEncoder.load(Path.of(args[0]));
                PretrainedEncoder random = PretrainedEncoder.random(trained.config(), 1986)) {
            describe("pase", trained, clean, corrupted);
            describe("random", random, clean, corrupted);
        }
    }

    private static void describe(String name, PretrainedEncoder encoder, List<float[]> clean, List<float[]> corrupted) {
        List<float[][]> frames = clean.stream().map(encoder::embed).toList();
        List<float[][]> noisy = corrupted.stream().map(encoder::embed).toList();
        double[] stdClean = perDimensionStd(frames);
        double[] stdNoisy = perDimensionStd(noisy);
        double[][] means = frames.stream().map(FeatureStatistics::mean).toArray(double[][]::new);
        List<double[]> sampled = new ArrayList<>();
        for (float[][] f : frames) {
            for (int t = 0; t < f.length; t += 10) {
                sampled.add(toDouble(f[t]));
            }
        }
        System.out.printf(Locale.ROOT, "%s: per-dimension std over frames, clean crops: %s; corrupted: %s%n", name,
                summary(stdClean), summary(stdNoisy));
        System.out.printf(Locale.ROOT, "%s: variance share of the top 1/2/5/10 principal components: utterance means %s,"
                + " frames %s%n", name, shares(means), shares(sampled.toArray(double[][]::new)));
    }

    private static double[] perDimensionStd(List<float[][]> frames) {
        int dims = frames.get(0)[0].length;
        double[] sum = new double[dims];
        double[] squares = new double[dims];
        long n = 0;
        for (float[][] utterance : frames) {
            for (float[] frame : utterance) {
                for (int d = 0; d < dims; d++) {
                    sum[d] += frame[d];
                    squares[d] += frame[d] * (double) frame[d];
                }
                n++;
            }
        }
        double[] std = new double[dims];
        for (int d = 0; d < dims; d++) {
            double mean = sum[d] / n;
            std[d] = Math.sqrt(Math.max(0, squares[d] / n - mean * mean));
        }
        return std;
    }

    private static String summary(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "min %.3f, median %.3f, max %.3f", sorted[0], sorted[sorted.length / 2],
                sorted[sorted.length - 1]);
    }

    private static String shares(double[][] rows) {
        Pca pca = Pca.fit(rows);
        StringBuilder out = new StringBuilder();
        for (int top : new int[] {1, 2, 5, 10}) {
            double share = pca.explained(Math.min(top, pca.components()));
            out.append(out.length() == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.0f %%", 100 * share));
        }
        return out.toString();
    }

    private static double[] mean(float[][] frames) {
        double[] m = new double[frames[0].length];
        for (float[] f : frames) {
            for (int d = 0; d < m.length; d++) {
                m[d] += f[d] / (double) frames.length;
            }
        }
        return m;
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
