package org.pase4j.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** Running means of named losses over the steps of an epoch, names in the order first seen. */
final class LossMeans {

    private final Map<String, double[]> sums = new LinkedHashMap<>();

    /** @param losses one step's losses, each counted once */
    void add(Map<String, Float> losses) {
        losses.forEach((name, value) -> {
            double[] s = sums.computeIfAbsent(name, x -> new double[2]);
            s[0] += value;
            s[1]++;
        });
    }

    /** @return the mean of every name */
    Map<String, Double> means() {
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((name, s) -> out.put(name, s[0] / s[1]));
        return out;
    }
}
