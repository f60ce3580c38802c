package org.pase4j.downstream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Groups utterances into padded batches of similar lengths: sorted longest first, neighbours together,
 * a batch closed when it holds {@code maxItems} or when one more would make its padded size
 * ({@code items × longest}) exceed {@code maxSamples}. An utterance longer than {@code maxSamples} gets a
 * batch of its own. Longest first, so that a run short of memory fails on its first batch.
 */
final class LengthBuckets {

    private LengthBuckets() {}

    /**
     * @param items the utterances; equal lengths keep their order
     * @param length an utterance's samples
     * @param maxItems the most utterances per batch (at least 1)
     * @param maxSamples the most padded samples per batch, {@code items × longest}, unless one utterance
     *     alone is longer
     * @param <T> the utterance type
     * @return the batches, longest first, each longest first
     */
    static <T> List<List<T>> group(List<T> items, ToLongFunction<T> length, int maxItems, long maxSamples) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingLong(length).reversed());
        List<List<T>> batches = new ArrayList<>();
        List<T> batch = new ArrayList<>();
        long longest = 0;
        for (T item : sorted) {
            if (!batch.isEmpty() && (batch.size() == maxItems || (batch.size() + 1) * longest > maxSamples)) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
            if (batch.isEmpty()) {
                longest = length.applyAsLong(item);
            }
            batch.add(item);
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }
}
