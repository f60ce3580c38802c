package org.pase4j.downstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Speaker verification with a frozen representation and no training: each utterance becomes one vector
 * (the mean and standard deviation of every feature dimension over its frames, z-scored with the
 * statistics of a reference set of utterances, no labels used), and a trial is scored by the cosine of
 * its two vectors. Trials are either every pair of a set of utterances (same speaker: target) or read
 * from a VoxCeleb-style list.
 */
public final class SpeakerVerification {

    private SpeakerVerification() {}

    /**
     * One trial.
     *
     * @param first index of the first utterance
     * @param second index of the second utterance
     * @param target whether both are of the same speaker
     */
    public record Trial(int first, int second, boolean target) {}

    /**
     * Every pair of utterances, once each.
     *
     * @param labels the speaker (class index) of each utterance
     * @return {@code n(n − 1)/2} trials, targets where the speakers are equal
     */
    public static List<Trial> allPairs(int[] labels) {
        List<Trial> trials = new ArrayList<>(labels.length * (labels.length - 1) / 2);
        for (int i = 0; i < labels.length; i++) {
            for (int j = i + 1; j < labels.length; j++) {
                trials.add(new Trial(i, j, labels[i] == labels[j]));
            }
        }
        return trials;
    }

    /**
     * Reads a trial list in the VoxCeleb format: one trial a line, {@code label path1 path2}, the label
     * {@code 1} for a target trial and {@code 0} for a non-target one, the paths relative to the corpus
     * folder (or absolute). Blank lines are skipped.
     *
     * @param file the list
     * @param corpus the folder the paths are relative to
     * @param index every known utterance's normalised absolute path to its index
     * @return the trials
     * @throws IOException if the file cannot be read, with its name, the line and what was expected
     *     when a line is malformed or names an utterance the corpus does not hold
     */
    public static List<Trial> read(Path file, Path corpus, Map<Path, Integer> index) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Trial> trials = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            String where = file + " line " + (n + 1) + ": '" + line + "'";
            if (fields.length != 3 || !(fields[0].equals("0") || fields[0].equals("1"))) {
                throw new IOException(where + ", expected 'label path1 path2' with label 1 (same speaker) or 0");
            }
            trials.add(new Trial(lookup(fields[1], corpus, index, where), lookup(fields[2], corpus, index, where),
                    fields[0].equals("1")));
        }
        if (trials.isEmpty()) {
            throw new IOException(file + " holds no trial, expected lines 'label path1 path2'");
        }
        return trials;
    }

    private static int lookup(String path, Path corpus, Map<Path, Integer> index, String where) throws IOException {
        Integer i = index.get(corpus.resolve(path).toAbsolutePath().normalize());
        if (i == null) {
            throw new IOException(where + ": " + path + " is not an audio file of " + corpus);
        }
        return i;
    }

    /**
     * The utterance vectors: pooled mean and standard deviation, z-scored with a reference set's
     * statistics.
     *
     * @param features the utterances to embed
     * @param reference the utterances whose statistics centre and scale every dimension
     * @return one vector per utterance of {@code features}
     */
    public static double[][] vectors(FeatureSet features, FeatureSet reference) {
        double[][] x = LogisticProbe.pooled(features);
        LogisticProbe.standardise(LogisticProbe.pooled(reference), x);
        return x;
    }

    /**
     * Scores trials by cosine similarity.
     *
     * @param vectors one vector per utterance
     * @param trials the trials (indices into {@code vectors})
     * @return the measures
     */
    public static VerificationMetrics score(double[][] vectors, List<Trial> trials) {
        double[] scores = new double[trials.size()];
        boolean[] target = new boolean[trials.size()];
        for (int t = 0; t < scores.length; t++) {
            Trial trial = trials.get(t);
            scores[t] = cosine(vectors[trial.first()], vectors[trial.second()]);
            target[t] = trial.target();
        }
        return VerificationMetrics.of(scores, target);
    }

    static double cosine(double[] a, double[] b) {
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return dot / Math.sqrt(Math.max(aa * bb, 1e-300));
    }
}
