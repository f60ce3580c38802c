package org.pase4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.LinkedHashMap;
import org.pase4j.util.Seeds;

/**
 * Seeded train/valid/test split by utterance, stable across runs: the utterances are sorted by id,
 * shuffled with the seed, and cut at 80 % and 90 % (by default).
 *
 * @param train fraction of utterances for training, in (0, 1)
 * @param valid fraction for validation, in [0, 1); the rest is the test split
 */
public record Splits(double train, double valid) {

    /** The split names, in order. */
    public static final List<String> NAMES = List.of("train", "valid", "test");

    /** The recipe's 80/10/10 split. */
    public static final Splits DEFAULT = new Splits(0.8, 0.1);

    /** Checks the fractions. */
    public Splits {
        if (!(train > 0 && train < 1) || !(valid >= 0) || train + valid > 1 + 1e-9) {
            throw new IllegalArgumentException("split fractions train=" + train + " valid=" + valid
                    + ": expected 0 < train < 1, valid >= 0, train + valid <= 1");
        }
    }

    /**
     * Splits utterances.
     *
     * @param utterances the corpus, in any order
     * @param seed the split seed
     * @return {@code train}, {@code valid} and {@code test} lists, each sorted by id
     */
    public Map<String, List<Utterance>> apply(List<Utterance> utterances, long seed) {
        List<Utterance> order = new ArrayList<>(utterances);
        order.sort((a, b) -> a.id().compareTo(b.id()));
        Seeds.shuffle(order, new SplittableRandom(seed));
        int n = order.size();
        int nTrain = (int) Math.round(n * train);
        int nValid = Math.min(n - nTrain, (int) Math.round(n * valid));
        Map<String, List<Utterance>> out = new LinkedHashMap<>();
        out.put(NAMES.get(0), sorted(order.subList(0, nTrain)));
        out.put(NAMES.get(1), sorted(order.subList(nTrain, nTrain + nValid)));
        out.put(NAMES.get(2), sorted(order.subList(nTrain + nValid, n)));
        return out;
    }

    private static List<Utterance> sorted(List<Utterance> part) {
        List<Utterance> copy = new ArrayList<>(part);
        copy.sort((a, b) -> a.id().compareTo(b.id()));
        return copy;
    }
}
