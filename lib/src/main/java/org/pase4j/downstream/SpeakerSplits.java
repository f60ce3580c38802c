package org.pase4j.downstream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.pase4j.data.Utterance;
import org.pase4j.util.Seeds;

/**
 * A seeded train/valid/test split by speaker for speaker classification: each speaker's utterances are
 * shuffled and cut so that every speaker appears in every split (at least one utterance each).
 *
 * @param valid fraction of each speaker's utterances for validation
 * @param test fraction for testing; the rest trains
 */
public record SpeakerSplits(double valid, double test) {

    /** 60/20/20. */
    public static final SpeakerSplits DEFAULT = new SpeakerSplits(0.2, 0.2);

    /** Checks the fractions. */
    public SpeakerSplits {
        if (!(valid > 0) || !(test > 0) || valid + test >= 1) {
            throw new IllegalArgumentException("speaker split valid=" + valid + " test=" + test
                    + ": expected both > 0 and valid + test < 1");
        }
    }

    /**
     * Splits a corpus.
     *
     * @param utterances the corpus
     * @param seed the split seed
     * @return {@code train}, {@code valid} and {@code test} lists
     * @throws IllegalArgumentException if a speaker has fewer than 3 utterances or there is one speaker
     */
    public Map<String, List<Utterance>> apply(List<Utterance> utterances, long seed) {
        Map<String, List<Utterance>> bySpeaker = new TreeMap<>();
        utterances.forEach(u -> bySpeaker.computeIfAbsent(u.speaker(), k -> new ArrayList<>()).add(u));
        if (bySpeaker.size() < 2) {
            throw new IllegalArgumentException("speaker classification needs at least two speakers, found "
                    + bySpeaker.size());
        }
        Map<String, List<Utterance>> out = new LinkedHashMap<>();
        for (String name : List.of("train", "valid", "test")) {
            out.put(name, new ArrayList<>());
        }
        SplittableRandom rng = new SplittableRandom(seed);
        bySpeaker.forEach((speaker, list) -> {
            if (list.size() < 3) {
                throw new IllegalArgumentException("speaker " + speaker + " has " + list.size()
                        + " utterances, expected at least 3 (one per split)");
            }
            List<Utterance> order = new ArrayList<>(list);
            order.sort((a, b) -> a.id().compareTo(b.id()));
            Seeds.shuffle(order, rng);
            int n = order.size();
            int nTest = Math.max(1, (int) Math.round(n * test));
            int nValid = Math.max(1, Math.min(n - nTest - 1, (int) Math.round(n * valid)));
            out.get("test").addAll(order.subList(0, nTest));
            out.get("valid").addAll(order.subList(nTest, nTest + nValid));
            out.get("train").addAll(order.subList(nTest + nValid, n));
        });
        return out;
    }
}
