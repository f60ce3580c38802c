package org.pase4j.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The timed runs of one measure, after its warm-up runs.
 *
 * @param millis each timed run's wall time in milliseconds, in order
 */
public record Timing(List<Double> millis) {

    /** Checks that there is at least one run. */
    public Timing {
        if (millis.isEmpty()) {
            throw new IllegalArgumentException("a timing needs at least one run");
        }
        millis = List.copyOf(millis);
    }

    /**
     * Runs {@code body} {@code warmup} times untimed, then {@code repeats} times timed.
     *
     * @param warmup untimed runs
     * @param repeats timed runs, at least 1
     * @param body the work
     * @return the timed runs
     */
    public static Timing of(int warmup, int repeats, Runnable body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        List<Double> runs = new ArrayList<>(repeats);
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            body.run();
            runs.add((System.nanoTime() - start) / 1e6);
        }
        return new Timing(runs);
    }

    /** @return the median run in milliseconds (the mean of the middle two for an even count) */
    public double median() {
        List<Double> sorted = millis.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** @return the fastest run in milliseconds */
    public double min() {
        return millis.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    /** @return the slowest run in milliseconds */
    public double max() {
        return millis.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }
}
