package org.pase4j.util;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A section of train.yaml (a YAML mapping) with typed getters whose errors name the key, the value
 * and what was expected, e.g. {@code encoder_model.use_qrnn: 'yes', expected true or false}.
 *
 * @param section the section's path for messages, e.g. {@code encoder_model}; empty for the top level
 * @param values the mapping
 */
public record Options(String section, Map<String, Object> values) {

    /** Copies the mapping; keys set to null stay (a typed getter then names the key and what it expected). */
    public Options {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    /**
     * Fails on keys outside a known set.
     *
     * @param known the accepted keys
     * @return this
     * @throws IllegalArgumentException naming the first unknown key
     */
    public Options requireKnown(Collection<String> known) {
        for (String key : new TreeSet<>(values.keySet())) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException((section.isEmpty() ? "" : section + ": ") + "unknown key '" + key
                        + "', expected one of " + new TreeSet<>(known));
            }
        }
        return this;
    }

    /** @param key a key @param fallback value when absent @return the boolean value */
    public boolean bool(String key, boolean fallback) {
        Object v = values.getOrDefault(key, fallback);
        if (v instanceof Boolean b) {
            return b;
        }
        throw error(key, v, "true or false");
    }

    /** @param key a key @param fallback value when absent @return the integer value */
    public int integer(String key, int fallback) {
        Object v = values.getOrDefault(key, fallback);
        if (v instanceof Integer i) {
            return i;
        }
        throw error(key, v, "an integer");
    }

    /** @param key a key @param fallback value when absent @return the numeric value */
    public double number(String key, double fallback) {
        Object v = values.getOrDefault(key, fallback);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw error(key, v, "a number");
    }

    /** @param key a key @param fallback value when absent @return the string value */
    public String string(String key, String fallback) {
        Object v = values.getOrDefault(key, fallback);
        if (v instanceof String s) {
            return s;
        }
        throw error(key, v, "a string");
    }

    /** @param key a key @param fallback value when absent @return the list of integers */
    public List<Integer> integers(String key, List<Integer> fallback) {
        Object v = values.getOrDefault(key, fallback);
        if (v instanceof List<?> list && list.stream().allMatch(e -> e instanceof Integer)) {
            return list.stream().map(e -> (Integer) e).toList();
        }
        throw error(key, v, "a list of integers");
    }

    private IllegalArgumentException error(String key, Object value, String expected) {
        return new IllegalArgumentException((section.isEmpty() ? "" : section + ".") + key + ": '" + value
                + "', expected " + expected);
    }
}
