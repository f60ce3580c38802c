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
 * The encoder and its workers, built from a {@link ModelSpec} (train.yaml's model keys). The total loss is
 * the mean of the worker losses (the recipe) or their sum ({@code loss_combination: sum}, the official
 * PASE), each worker's loss first multiplied by its weight in {@code loss_weights} (unlisted workers weigh
 * 1, as in the recipe). Regression targets are raw by default (the recipe); with {@link #setNormalizer} a
 * worker learns z-scored ones.
 */
public final class PaseModel {

    private final ModelSpec spec;
    private final Encoder encoder;
    private final List<WorkerSlot> workers;
    private final Map<String, TargetNormalizer> normalizers = new LinkedHashMap<>();

    /**
     * Builds the model a spec describes: the encoder, and each worker's class and labeller class
     * instantiated by reflection (a worker has a public constructor {@code (Options, int embDim)}, a
     * labeller a public no-argument one).
     *
     * @param spec the spec
     * @throws IllegalArgumentException naming the key of a class that is missing, of the wrong type or
     *     refuses its options
     */
    public PaseModel(ModelSpec spec) {
        this.spec = spec;
        this.encoder = new Encoder(spec.encoder());
        List<WorkerSlot> slots = new ArrayList<>();
        for (ModelSpec.WorkerSpec w : spec.workers()) {
            String modelKey = w.name() + "_model";
            Worker worker = instantiate(modelKey + ".class", w.modelClass(), Worker.class,
                    new Class<?>[] {Options.class, int.class}, new Options(modelKey, w.model()), spec.encoder().embDim());
            Labeller labeller = instantiate(w.name() + "_labeller", w.labeller(), Labeller.class, new Class<?>[0]);
            slots.add(new WorkerSlot(w.name(), w.kind(), worker, labeller));
        }
        this.workers = List.copyOf(slots);
    }

    /**
     * Builds the model that a train.yaml describes: {@code new PaseModel(ModelSpec.from(yaml))}.
     *
     * @param yaml the whole configuration
     * @return the model (not yet initialised)
     * @throws IllegalArgumentException naming the missing or wrong key
     */
    public static PaseModel fromConfig(Map<String, Object> yaml) {
        return new PaseModel(ModelSpec.from(yaml));
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

    /** @return what the model is made of */
    public ModelSpec spec() {
        return spec;
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
     * The losses of one batch: the encoder on the (possibly corrupted) input, every worker on the
     * embeddings against its target.
     *
     * @param ps the parameter store
     * @param input the encoder input {@code (3B, 1, chunk)}
     * @param targets every worker's raw target, computed from the clean batch
     * @param training whether this is a training pass
     * @return the loss of each worker and the combined loss
     * @throws IllegalArgumentException if a worker has no target
     */
    public Losses losses(ParameterStore ps, NDArray input, Targets targets, boolean training) {
        NDArray embeddings = encoder.forward(ps, new NDList(input), training).singletonOrThrow();
        Map<String, NDArray> each = new LinkedHashMap<>();
        for (WorkerSlot w : workers) {
            NDArray target = targets.byWorker().get(w.name());
            if (target == null) {
                throw new IllegalArgumentException("no target for worker " + w.name() + ", expected one for each of "
                        + workers.stream().map(WorkerSlot::name).toList());
            }
            w.worker().beginBatch(targets.epoch(), targets.index());
            NDArray prediction = w.worker().forward(ps, new NDList(embeddings), training).singletonOrThrow();
            each.put(w.name(), w.worker().loss(prediction, learnt(w.name(), target)));
        }
        NDList weighted = new NDList();
        Map<String, Float> weights = spec.lossWeights();
        each.forEach((name, loss) -> weighted.add(weights.containsKey(name) ? loss.mul(weights.get(name)) : loss));
        NDArray total = NDArrays.stack(weighted).sum();
        return new Losses(each, spec.lossCombination().equals("sum") ? total : total.div(each.size()));
    }

    /** A worker's target as the worker learns it: z-scored when it has a normalizer, else raw. */
    private NDArray learnt(String worker, NDArray target) {
        TargetNormalizer normalizer = normalizers.get(worker);
        return normalizer == null ? target : normalizer.normalize(target);
    }

    /**
     * One worker's prediction for a clean batch in evaluation mode, beside the target it is scored
     * against: what {@link #losses} compares for that worker, without corruption and without training.
     * {@code worker.loss(prediction, target)} is its loss on the batch.
     *
     * @param worker the worker's name
     * @param batch the batch, its labeller's input as in training
     * @param manager owns the results
     * @return the prediction and the target (z-scored when the worker learns z-scored targets)
     * @throws IllegalArgumentException if the model has no such worker
     */
    public Prediction predict(String worker, ChunkBatch batch, NDManager manager) {
        WorkerSlot slot = workers.stream().filter(w -> w.name().equals(worker)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no worker '" + worker + "': expected one of "
                        + workers.stream().map(WorkerSlot::name).toList()));
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray embeddings = encoder.forward(ps, new NDList(batch.toNDArray(manager)), false).singletonOrThrow();
        slot.worker().beginBatch(batch.epoch(), batch.index());
        NDArray prediction = slot.worker().forward(ps, new NDList(embeddings), false).singletonOrThrow();
        return new Prediction(prediction, learnt(worker, slot.labeller().label(batch, manager)));
    }

    /**
     * A worker's output on a batch and the target it learns.
     *
     * @param prediction the worker's output
     * @param target its target, z-scored when the worker learns z-scored targets
     */
    public record Prediction(NDArray prediction, NDArray target) {}

    /**
     * The losses of a batch.
     *
     * @param workers each worker's scalar loss, by name
     * @param total the combined loss that is minimised
     */
    public record Losses(Map<String, NDArray> workers, NDArray total) {}
}
