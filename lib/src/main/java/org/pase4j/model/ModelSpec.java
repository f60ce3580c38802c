package org.pase4j.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pase4j.label.Labeller;
import org.pase4j.util.Options;

/**
 * What a model is made of, read once from train.yaml: {@code encoder_model}, the worker names listed under
 * {@code workers_config.regressor} and {@code workers_config.classifier}, for each name {@code <name>_model}
 * (a mapping with the worker's {@code class} and options) and {@code <name>_labeller} (a {@link Labeller}
 * class name), {@code loss_combination} and {@code loss_weights}. {@link PaseModel#PaseModel(ModelSpec)}
 * builds the model; {@link #toMap} gives the sections back, e.g. to store them beside the weights.
 *
 * @param encoder the encoder's architecture
 * @param workers the workers in configuration order (regressors first)
 * @param lossCombination {@code mean} (the recipe) or {@code sum} (the official PASE)
 * @param lossWeights a factor on each listed worker's loss (non-negative; unlisted workers weigh 1)
 */
public record ModelSpec(EncoderConfig encoder, List<WorkerSpec> workers, String lossCombination,
        Map<String, Float> lossWeights) {

    /** The two kinds of worker, in the order their sections are read. */
    public static final List<String> KINDS = List.of("regressor", "classifier");

    /**
     * One worker as train.yaml declares it.
     *
     * @param name the worker's name, e.g. {@code mfcc}
     * @param kind {@code regressor} or {@code classifier}
     * @param model its {@code <name>_model} mapping: {@code class} and the worker's options
     * @param labeller the class name of its {@link Labeller} ({@code <name>_labeller})
     */
    public record WorkerSpec(String name, String kind, Map<String, Object> model, String labeller) {

        /** Checks that the model section names a class. */
        public WorkerSpec {
            if (!(model.get("class") instanceof String)) {
                throw new IllegalArgumentException(name + "_model.class: '" + model.get("class")
                        + "', expected the class name of a " + Worker.class.getName());
            }
            model = unmodifiable(model);
        }

        /** @return the worker's class name */
        public String modelClass() {
            return (String) model.get("class");
        }
    }

    /** Checks the combination, the weights' names and values, and that there is a worker. */
    public ModelSpec {
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("workers_config lists no worker, expected at least one");
        }
        if (!"mean".equals(lossCombination) && !"sum".equals(lossCombination)) {
            throw new IllegalArgumentException("loss_combination: '" + lossCombination + "', expected mean or sum");
        }
        List<String> names = workers.stream().map(WorkerSpec::name).toList();
        lossWeights.forEach((name, w) -> {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("loss_weights." + name + ": no such worker, expected one of " + names);
            }
            if (!(w >= 0) || Float.isInfinite(w)) {
                throw new IllegalArgumentException("loss_weights." + name + ": " + w + ", expected a finite weight >= 0");
            }
        });
        workers = List.copyOf(workers);
        lossWeights = Map.copyOf(lossWeights);
    }

    /**
     * Reads the model's keys of a configuration; other keys are not looked at.
     *
     * @param yaml the whole configuration (resolved)
     * @return the spec
     * @throws IllegalArgumentException naming the missing or wrong key
     */
    public static ModelSpec from(Map<String, Object> yaml) {
        EncoderConfig encoder = EncoderConfig.from(new Options("encoder_model", section(yaml, "encoder_model")));
        Map<String, Object> config = section(yaml, "workers_config");
        new Options("workers_config", config).requireKnown(KINDS);
        List<WorkerSpec> workers = new ArrayList<>();
        for (String kind : KINDS) {
            Object names = config.getOrDefault(kind, List.of());
            if (!(names instanceof List<?> list) || !list.stream().allMatch(n -> n instanceof String)) {
                throw new IllegalArgumentException("workers_config." + kind + ": '" + names
                        + "', expected a list of worker names");
            }
            for (Object name : list) {
                workers.add(worker((String) name, kind, yaml));
            }
        }
        Object combination = yaml.getOrDefault("loss_combination", "mean");
        return new ModelSpec(encoder, workers, String.valueOf(combination), lossWeights(yaml));
    }

    private static WorkerSpec worker(String name, String kind, Map<String, Object> yaml) {
        String labellerKey = name + "_labeller";
        Map<String, Object> model = section(yaml, name + "_model");
        Object labeller = yaml.get(labellerKey);
        if (!(labeller instanceof String)) {
            throw new IllegalArgumentException((labeller == null ? "missing key " : "") + labellerKey + ": '" + labeller
                    + "', expected the class name of a " + Labeller.class.getName() + " for worker " + name);
        }
        return new WorkerSpec(name, kind, model, (String) labeller);
    }

    private static Map<String, Float> lossWeights(Map<String, Object> yaml) {
        if (yaml.get("loss_weights") == null) {
            return Map.of();
        }
        Map<String, Float> weights = new LinkedHashMap<>();
        section(yaml, "loss_weights").forEach((name, value) -> {
            if (!(value instanceof Number n)) {
                throw new IllegalArgumentException("loss_weights." + name + ": '" + value + "', expected a number");
            }
            weights.put(name, n.floatValue());
        });
        return weights;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> yaml, String key) {
        Object value = yaml.get(key);
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(value == null ? "missing key " + key
                : key + ": '" + value + "', expected a mapping");
    }

    private static Map<String, Object> unmodifiable(Map<String, Object> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * The configuration sections that rebuild this model with {@link #from}.
     *
     * @return {@code encoder_model}, {@code workers_config}, {@code loss_combination}, {@code loss_weights}
     *     (when any) and every worker's {@code <name>_model} and {@code <name>_labeller}, in that order
     */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("encoder_model", encoder.toMap());
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        KINDS.forEach(kind -> kinds.put(kind, new ArrayList<>()));
        workers.forEach(w -> kinds.get(w.kind()).add(w.name()));
        out.put("workers_config", kinds);
        out.put("loss_combination", lossCombination);
        if (!lossWeights.isEmpty()) {
            out.put("loss_weights", new java.util.TreeMap<>(lossWeights));
        }
        for (WorkerSpec w : workers) {
            out.put(w.name() + "_model", new LinkedHashMap<>(w.model()));
            out.put(w.name() + "_labeller", w.labeller());
        }
        return out;
    }
}
