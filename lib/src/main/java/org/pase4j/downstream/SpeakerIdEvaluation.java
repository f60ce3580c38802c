package org.pase4j.downstream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.pase4j.data.CorpusScanner;
import org.pase4j.data.Utterance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaker classification as the measure of a representation, with its baselines in the same run: the
 * trained encoder ({@code pase}), the same architecture at random initialisation ({@code random}) and
 * MFCCs ({@code mfcc}), each through the recipe's classifier ({@code recipe}) and the pooled logistic
 * probe ({@code probe}), on the same per-speaker splits, repeated over several split seeds. In
 * {@code finetune} mode the recipe classifier also trains a fresh copy of each encoder (the recipe's
 * setting); the probe always reads frozen features. Every feature set is also scored on speaker
 * verification ({@link SpeakerVerification}): all pairs of each seed's test split, or the trials of a
 * list file.
 */
public final class SpeakerIdEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(SpeakerIdEvaluation.class);

    private final Options options;

    /**
     * Settings of an evaluation.
     *
     * @param seeds how many split seeds (results are mean ± std over them)
     * @param firstSeed the first split seed; the others follow it
     * @param epochs training epochs of the recipe classifier
     * @param finetune train the encoder with the recipe classifier (the recipe) instead of freezing it
     * @param cropStart first sample of the fixed crop (the recipe: 100)
     * @param cropLength crop length in samples (the recipe: 16000)
     * @param trials a VoxCeleb-style trial list ({@link SpeakerVerification#read}) scored once instead of
     *     every seed's test pairs, or {@code null}
     */
    public record Options(int seeds, int firstSeed, int epochs, boolean finetune, int cropStart, int cropLength,
            Path trials) {

        /** Checks the values. */
        public Options {
            if (seeds < 1 || epochs < 1 || cropStart < 0 || cropLength < 1600) {
                throw new IllegalArgumentException("evaluation seeds " + seeds + ", epochs " + epochs + ", crop "
                        + cropStart + "+" + cropLength + ": expected seeds >= 1, epochs >= 1, start >= 0, length >= 1600");
            }
        }

        /**
         * @return the defaults: 3 seeds from 1986, 50 epochs, frozen encoder, crop 100..16100, all test pairs
         *     as verification trials
         */
        public static Options defaults() {
            return new Options(3, 1986, 50, false, 100, 16000, null);
        }

        /**
         * @param n how many split seeds
         * @return these options with {@code seeds} replaced
         */
        public Options withSeeds(int n) {
            return new Options(n, firstSeed, epochs, finetune, cropStart, cropLength, trials);
        }

        /**
         * @param seed the first split seed
         * @return these options with {@code firstSeed} replaced
         */
        public Options withFirstSeed(int seed) {
            return new Options(seeds, seed, epochs, finetune, cropStart, cropLength, trials);
        }

        /**
         * @param n training epochs of the recipe classifier
         * @return these options with {@code epochs} replaced
         */
        public Options withEpochs(int n) {
            return new Options(seeds, firstSeed, n, finetune, cropStart, cropLength, trials);
        }

        /**
         * @param on whether the recipe classifier fine-tunes the encoder
         * @return these options with {@code finetune} replaced
         */
        public Options withFinetune(boolean on) {
            return new Options(seeds, firstSeed, epochs, on, cropStart, cropLength, trials);
        }

        /**
         * @param start first sample of the fixed crop
         * @param length crop length in samples
         * @return these options with the crop replaced
         */
        public Options withCrop(int start, int length) {
            return new Options(seeds, firstSeed, epochs, finetune, start, length, trials);
        }

        /**
         * @param list a VoxCeleb-style trial list, or {@code null} for every seed's test pairs
         * @return these options with {@code trials} replaced
         */
        public Options withTrials(Path list) {
            return new Options(seeds, firstSeed, epochs, finetune, cropStart, cropLength, list);
        }
    }

    /**
     * One split seed's outcome for one features/classifier pair.
     *
     * @param seed the split seed
     * @param accuracy test accuracy
     * @param validAccuracy validation accuracy of the model chosen on validation (the probe's penalty,
     *     the recipe classifier's epoch): the number to compare settings by, leaving the test split alone
     * @param predictions predicted test classes
     * @param truth true test classes
     * @param validCurve validation accuracy per epoch (recipe classifier only, else empty)
     */
    public record Run(int seed, double accuracy, double validAccuracy, int[] predictions, int[] truth,
            double[] validCurve) {}

    /**
     * The whole evaluation.
     *
     * @param speakers the class names (speaker ids), in class-index order
     * @param runs outcomes by {@code "<features>/<classifier>"}, one per seed
     * @param verification verification outcomes by features name, one per seed (one in all with a trial
     *     list)
     * @param finetune whether the recipe classifier fine-tuned the encoders
     */
    public record Report(List<String> speakers, Map<String, List<Run>> runs,
            Map<String, List<VerificationMetrics>> verification, boolean finetune) {

        /**
         * @param key a features/classifier pair, e.g. {@code pase/probe}
         * @return its test accuracy, mean over split seeds
         * @throws IllegalArgumentException if there is no such pair
         */
        public double meanAccuracy(String key) {
            List<Run> each = runs.get(key);
            if (each == null) {
                throw new IllegalArgumentException("no runs of '" + key + "': expected one of " + runs.keySet());
            }
            return each.stream().mapToDouble(Run::accuracy).average().orElseThrow();
        }

        /**
         * @param features a feature set, e.g. {@code pase}
         * @return its verification equal error rate, mean over split seeds
         * @throws IllegalArgumentException if that feature set was not scored
         */
        public double meanEer(String features) {
            List<VerificationMetrics> each = verification.get(features);
            if (each == null) {
                throw new IllegalArgumentException("no verification of '" + features + "': expected one of "
                        + verification.keySet());
            }
            return each.stream().mapToDouble(VerificationMetrics::eer).average().orElseThrow();
        }
    }

    /**
     * Creates an evaluation.
     *
     * @param options its settings
     */
    public SpeakerIdEvaluation(Options options) {
        this.options = options;
    }

    /**
     * Evaluates an encoder on a LibriSpeech-layout corpus.
     *
     * @param checkpoint the trained encoder (see {@link PretrainedEncoder#load})
     * @param corpus the corpus folder
     * @return every run
     * @throws IOException if the encoder or the corpus cannot be read
     */
    public Report run(Path checkpoint, Path corpus) throws IOException {
        List<Utterance> utterances = new ArrayList<>();
        for (CorpusScanner.Entry e : CorpusScanner.scan(corpus)) {
            utterances.add(new Utterance(e.id(), e.path(), 1, e.speaker()));
        }
        List<String> speakers = new ArrayList<>(new TreeSet<>(utterances.stream().map(Utterance::speaker).toList()));
        Map<String, Integer> index = new LinkedHashMap<>();
        speakers.forEach(s -> index.put(s, index.size()));
        List<SpeakerVerification.Trial> listed = options.trials() == null ? null : trialList(corpus, utterances);
        Features features = new Features(options.cropStart(), options.cropLength());
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        Map<String, List<VerificationMetrics>> verification = new LinkedHashMap<>();
        Map<Utterance, Integer> position = new java.util.HashMap<>();
        utterances.forEach(u -> position.put(u, position.size()));
        List<float[]> crops = features.crops(utterances);
        int[] labels = Features.labels(utterances, index);
        try (PretrainedEncoder encoder = PretrainedEncoder.load(checkpoint);
                PretrainedEncoder random = PretrainedEncoder.random(encoder.config(), options.firstSeed())) {
            // Every utterance is decoded and featurised once; the split seeds only choose rows.
            FeatureSet pase = features.embed("pase", encoder, crops, labels);
            FeatureSet randomFeatures = features.embed("random", random, crops, labels);
            FeatureSet mfcc = features.mfcc(crops, labels);
            FeatureSet waveform = new FeatureSet("waveform", 1, options.cropLength(), crops, labels);
            if (listed != null) {
                for (FeatureSet f : List.of(pase, randomFeatures, mfcc)) {
                    verification.put(f.name(), List.of(verify(f, f, listed)));
                }
            }
            for (int k = 0; k < options.seeds(); k++) {
                int seed = options.firstSeed() + k;
                Map<String, List<Utterance>> split = SpeakerSplits.DEFAULT.apply(utterances, seed);
                Map<String, int[]> rows = new LinkedHashMap<>();
                split.forEach((name, part) -> rows.put(name, part.stream().mapToInt(position::get).toArray()));
                LOG.info("split seed {}: {} train, {} valid, {} test utterances of {} speakers", seed,
                        split.get("train").size(), split.get("valid").size(), split.get("test").size(), speakers.size());
                Map<String, FeatureSet> waveforms = new LinkedHashMap<>();
                rows.forEach((name, r) -> waveforms.put(name, waveform.subset(r)));
                evaluate(runs, "pase", seed, name -> pase.subset(rows.get(name)), () -> PretrainedEncoder.load(checkpoint),
                        waveforms, speakers.size());
                evaluate(runs, "random", seed, name -> randomFeatures.subset(rows.get(name)),
                        () -> PretrainedEncoder.random(encoder.config(), options.firstSeed()), waveforms, speakers.size());
                evaluate(runs, "mfcc", seed, name -> mfcc.subset(rows.get(name)), null, waveforms, speakers.size());
                if (listed == null) {
                    for (FeatureSet f : List.of(pase, randomFeatures, mfcc)) {
                        FeatureSet test = f.subset(rows.get("test"));
                        verification.computeIfAbsent(f.name(), n -> new ArrayList<>()).add(verify(test,
                                f.subset(rows.get("train")), SpeakerVerification.allPairs(test.labels())));
                    }
                }
            }
        }
        return new Report(speakers, runs, verification, options.finetune());
    }

    private List<SpeakerVerification.Trial> trialList(Path corpus, List<Utterance> utterances) throws IOException {
        Map<Path, Integer> byPath = new java.util.HashMap<>();
        for (Utterance u : utterances) {
            byPath.put(u.path().toAbsolutePath().normalize(), byPath.size());
        }
        return SpeakerVerification.read(options.trials(), corpus, byPath);
    }

    private static VerificationMetrics verify(FeatureSet features, FeatureSet reference,
            List<SpeakerVerification.Trial> trials) {
        VerificationMetrics m = SpeakerVerification.score(SpeakerVerification.vectors(features, reference), trials);
        LOG.info("{} verification: EER {} %, minDCF {} ({} trials, {} targets)", features.name(),
                String.format(java.util.Locale.ROOT, "%.1f", 100 * m.eer()),
                String.format(java.util.Locale.ROOT, "%.3f", m.minDcf()), m.trials(), m.targets());
        return m;
    }

    /** A fresh copy of an encoder for fine-tuning, which changes its weights. */
    private interface EncoderSource {
        PretrainedEncoder open() throws IOException;
    }

    private void evaluate(Map<String, List<Run>> runs, String name, int seed,
            java.util.function.Function<String, FeatureSet> extract, EncoderSource source,
            Map<String, FeatureSet> waveforms, int classes) throws IOException {
        FeatureSet train = extract.apply("train");
        FeatureSet valid = extract.apply("valid");
        FeatureSet test = extract.apply("test");
        LogisticProbe.Result probe = LogisticProbe.run(train, valid, test, classes);
        add(runs, name + "/probe", new Run(seed, LogisticProbe.accuracy(probe.predictions(), test.labels()),
                probe.validAccuracy(), probe.predictions(), test.labels(), new double[0]));
        RecipeClassifier.Result recipe;
        if (options.finetune() && source != null) {
            try (PretrainedEncoder fresh = source.open()) {
                recipe = RecipeClassifier.run(fresh.block(), waveforms.get("train"), waveforms.get("valid"),
                        waveforms.get("test"), classes, options.epochs(), seed);
            }
        } else {
            recipe = RecipeClassifier.run(null, train, valid, test, classes, options.epochs(), seed);
        }
        add(runs, name + "/recipe", new Run(seed, LogisticProbe.accuracy(recipe.predictions(), test.labels()),
                recipe.validAccuracy()[recipe.bestEpoch() - 1], recipe.predictions(), test.labels(),
                recipe.validAccuracy()));
        LOG.info("seed {} {}: probe {} (L2 {}), recipe {} (best epoch {})", seed, name,
                percent(runs.get(name + "/probe")), probe.penalty(), percent(runs.get(name + "/recipe")),
                recipe.bestEpoch());
    }

    private static String percent(List<Run> runs) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", 100 * runs.get(runs.size() - 1).accuracy());
    }

    private static void add(Map<String, List<Run>> runs, String key, Run run) {
        runs.computeIfAbsent(key, k -> new ArrayList<>()).add(run);
    }
}
