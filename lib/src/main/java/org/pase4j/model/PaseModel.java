package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pase4j.data.ChunkBatch;
import org.pase4j.label.Labeller;
import org.pase4j.label.TargetNormalizer;
import org.pase4j.util.Options;

/**
 * The encoder and its workers, built from train.yaml: {@code encoder_model}, the worker names listed
 * under {@code workers_config.regressor} and {@code workers_config.classifier}, and for each name
 * {@code <name>_model} (a mapping with the worker's {@code class} and options) and
 * {@code <name>_labeller} (a {@link Labeller} class name). The total loss is the mean of the worker
 * losses (the recipe) or their sum ({@code loss_combination: sum}, the official PASE), each worker's
 * loss first multiplied by its weight in {@code loss_weights} (a mapping of worker names to weights;
 * unlisted workers weigh 1, as in the recipe). Regression targets are raw by default (the recipe); with
 * {@link #setNormalizer} a worker learns z-scored ones.
 */
public final class PaseModel {

    private final Encoder encoder;
    private final List<WorkerSlot> workers;
    private final boolean sumLosses;
    private final Map<String, Float> weights;
    private final Map<String, TargetNormalizer> normalizers = new LinkedHashMap<>();

    /**
     * Assembles a model.
     *
     * @param encoder the encoder
     * @param workers the workers with their labellers
     * @param sumLosses sum the worker losses instead of averaging them
     */
    public PaseModel(Encoder encoder, List<WorkerSlot> workers, boolean sumLosses) {
        this(encoder, workers, sumLosses, Map.of());
    }

    /**
     * Assembles a model whose worker losses are weighted.
     *
     * @param encoder the encoder
     * @param workers the workers with their labellers
     * @param sumLosses sum the weighted worker losses instead of averaging them
     * @param weights loss weights by worker name (non-negative; a worker not listed weighs 1)
     * @throws IllegalArgumentException if a weight names no worker or is negative
     */
    public PaseModel(Encoder encoder, List<WorkerSlot> workers, boolean sumLosses, Map<String, Float> weights) {
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("workers_config lists no worker, expected at least one");
        }
        List<String> names = workers.stream().map(WorkerSlot::name).toList();
        weights.forEach((name, w) -> {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("loss_weights." + name + ": no such worker, expected one of " + names);
            }
            if (!(w >= 0) || Float.isInfinite(w)) {
                throw new IllegalArgumentException("loss_weights." + name + ": " + w + ", expected a finite weight >= 0");
            }
        });
        this.encoder = encoder;
        this.workers = List.copyOf(workers);
        this.sumLosses = sumLosses;
        this.weights = Map.copyOf(weights);
    }

    /**
     * Builds the model that a train.yaml describes.
     *
     * @param yaml the whole configuration
     * @return the model (not yet initialised)
     * @throws IllegalArgumentException naming the missing or wrong key
     */
    public static PaseModel fromConfig(Map<String, Object> yaml) {
        Encoder encoder = new Encoder(EncoderConfig.from(new Options("encoder_model", section(yaml, "encoder_model"))));
        Map<String, Object> config = section(yaml, "workers_config");
        new Options("workers_config", config).requireKnown(List.of("regressor", "classifier"));
        List<WorkerSlot> slots = new ArrayList<>();
        for (String kind : List.of("regressor", "classifier")) {
            Object names = config.getOrDefault(kind, List.of());
            if (!(names instanceof List<?> list) || !list.stream().allMatch(n -> n instanceof String)) {
                throw new IllegalArgumentException("workers_config." + kind + ": '" + names
                        + "', expected a list of worker names");
            }
            for (Object name : list) {
                slots.add(slot((String) name, kind, yaml, encoder.config().embDim()));
            }
        }
        Object combination = yaml.getOrDefault("loss_combination", "mean");
        if (!"mean".equals(combination) && !"sum".equals(combination)) {
            throw new IllegalArgumentException("loss_combination: '" + combination + "', expected mean or sum");
        }
        return new PaseModel(encoder, slots, "sum".equals(combination), lossWeights(yaml));
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

    private static WorkerSlot slot(String name, String kind, Map<String, Object> yaml, int embDim) {
        String modelKey = name + "_model";
        String labellerKey = name + "_labeller";
        Map<String, Object> model = section(yaml, modelKey);
        Object className = model.get("class");
        if (!(className instanceof String)) {
            throw new IllegalArgumentException(modelKey + ".class: '" + className
                    + "', expected the class name of a " + Worker.class.getName());
        }
        Worker worker = instantiate(modelKey + ".class", (String) className, Worker.class,
                new Class<?>[] {Options.class, int.class}, new Options(modelKey, model), embDim);
        Object labeller = yaml.get(labellerKey);
        if (!(labeller instanceof String)) {
            throw new IllegalArgumentException((labeller == null ? "missing key " : "") + labellerKey + ": '" + labeller
                    + "', expected the class name of a " + Labeller.class.getName() + " for worker " + name);
        }
        return new WorkerSlot(name, kind, worker, instantiate(labellerKey, (String) labeller, Labeller.class,
                new Class<?>[0]));
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

    private static <T> T instantiate(String key, String className, Class<T> type, Class<?>[] signature,
            Object... args) {
        Class<?> cls;
        try {
            cls = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(key + ": class '" + className + "' not found on the classpath");
        }
        if (!type.isAssignableFrom(cls)) {
            throw new IllegalArgumentException(key + ": class '" + className + "' is not a " + type.getName());
        }
        try {
            Constructor<?> constructor = cls.getConstructor(signature);
            return type.cast(constructor.newInstance(args));
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(key + ": class '" + className + "' has no public constructor ("
                    + String.join(", ", java.util.Arrays.stream(signature).map(Class::getSimpleName).toList()) + ")");
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalArgumentException(key + ": cannot create '" + className + "': " + e.getCause(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(key + ": cannot create '" + className + "': " + e, e);
        }
    }

    /** @return the encoder */
    public Encoder encoder() {
        return encoder;
    }

    /**
     * Makes a worker learn z-scored targets from now on (the official PASE's option).
     *
     * @param worker the worker's name
     * @param normalizer its target statistics
     */
    public void setNormalizer(String worker, TargetNormalizer normalizer) {
        normalizers.put(worker, normalizer);
    }

    /** @return the target normalizers by worker name (empty when targets are raw, the default) */
    public Map<String, TargetNormalizer> normalizers() {
        return normalizers;
    }

    /** @return the workers in configuration order (regressors first) */
    public List<WorkerSlot> workers() {
        return workers;
    }

    /**
     * Creates every parameter for batches of {@code chunkSize}-sample chunks.
     *
     * @param manager the manager that owns the parameters
     * @param chunkSize samples per chunk
     */
    public void initialize(NDManager manager, int chunkSize) {
        Shape input = new Shape(3, 1, chunkSize);
        encoder.initialize(manager, DataType.FLOAT32, input);
        Shape embeddings = encoder.getOutputShapes(new Shape[] {input})[0];
        for (WorkerSlot w : workers) {
            w.worker().initialize(manager, DataType.FLOAT32, embeddings);
        }
    }

    /**
     * The losses of one batch: encoder on the (possibly corrupted) input, every worker on the
     * embeddings, every labeller on the clean batch.
     *
     * @param ps the parameter store
     * @param input the encoder input {@code (3B, 1, chunk)}
     * @param clean the clean batch the labels come from
     * @param training whether this is a training pass
     * @return the loss of each worker and the combined loss
     */
    public Losses losses(ParameterStore ps, NDArray input, ChunkBatch clean, boolean training) {
        NDManager manager = input.getManager();
        NDArray embeddings = encoder.forward(ps, new NDList(input), training).singletonOrThrow();
        Map<String, NDArray> each = new LinkedHashMap<>();
        for (WorkerSlot w : workers) {
            w.worker().beginBatch(clean);
            NDArray prediction = w.worker().forward(ps, new NDList(embeddings), training).singletonOrThrow();
            NDArray target = w.labeller().label(clean, manager);
            TargetNormalizer normalizer = normalizers.get(w.name());
            each.put(w.name(), w.worker().loss(prediction, normalizer == null ? target : normalizer.normalize(target)));
        }
        NDList weighted = new NDList();
        each.forEach((name, loss) -> weighted.add(weights.containsKey(name) ? loss.mul(weights.get(name)) : loss));
        NDArray total = NDArrays.stack(weighted).sum();
        return new Losses(each, sumLosses ? total : total.div(each.size()));
    }

    /**
     * The losses of a batch.
     *
     * @param workers each worker's scalar loss, by name
     * @param total the combined loss that is minimised
     */
    public record Losses(Map<String, NDArray> workers, NDArray total) {}
}
