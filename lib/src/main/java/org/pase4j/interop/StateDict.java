package org.pase4j.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.pase4j.model.PRelu;
import org.pase4j.model.PaseModel;
import org.pase4j.model.WorkerSlot;

/**
 * The parameters of DJL blocks under the keys PyTorch's {@code state_dict()} gives the same modules in
 * {@code python/pase4j_torch}: the path of child names from the root joined by dots, then the
 * parameter's name.
 *
 * <ul>
 *   <li>A child's name is DJL's without its two-digit order prefix ({@code 01block0} → {@code block0});
 *       children of a {@link SequentialBlock} are named by their position from 0, as in
 *       {@code nn.Sequential} ({@code 01TransposedConv1d} → {@code 0}).</li>
 *   <li>{@link BatchNorm}'s {@code gamma}, {@code beta}, {@code runningMean}, {@code runningVar} are
 *       {@code weight}, {@code bias}, {@code running_mean}, {@code running_var}; a scale or shift that is
 *       not trained (a BatchNorm without affine parameters) is the constant 1 or 0 and is left out, as
 *       PyTorch's {@code affine=False} has none.</li>
 *   <li>{@link PRelu}'s {@code alpha} is {@code weight}, as in {@code nn.PReLU}.</li>
 *   <li>Other parameters keep their names ({@code weight}, {@code bias}, SincConv's {@code low_hz}).</li>
 * </ul>
 * The encoder's keys start with {@code encoder.}, a worker's with {@code workers.<name>.}, e.g.
 * {@code encoder.block0.conv.low_hz}, {@code encoder.block1.bn.running_var},
 * {@code workers.decoder.net.0.weight}.
 */
public final class StateDict {

    /** The prefix of the encoder's keys. */
    public static final String ENCODER = "encoder.";
    /** The prefix of the workers' keys, followed by the worker's name and a dot. */
    public static final String WORKERS = "workers.";

    private static final Pattern ORDER_PREFIX = Pattern.compile("^\\d{2}");

    private final Map<String, Parameter> parameters;

    private StateDict(Map<String, Parameter> parameters) {
        this.parameters = Collections.unmodifiableMap(parameters);
    }

    /**
     * The parameters of a block.
     *
     * @param block an initialised block
     * @param prefix prepended to every key, e.g. {@link #ENCODER}
     * @return its state dict
     */
    public static StateDict of(Block block, String prefix) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        walk(block, prefix, out);
        return new StateDict(out);
    }

    /**
     * The parameters of a whole model: the encoder's, then every worker's.
     *
     * @param model an initialised model
     * @return its state dict
     */
    public static StateDict of(PaseModel model) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        walk(model.encoder(), ENCODER, out);
        for (WorkerSlot w : model.workers()) {
            walk(w.worker(), WORKERS + w.name() + ".", out);
        }
        return new StateDict(out);
    }

    private static void walk(Block block, String path, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            String name = torchName(block, p.getValue());
            if (name != null) {
                out.put(path + name, p.getValue());
            }
        }
        int position = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            String name = block instanceof SequentialBlock ? Integer.toString(position)
                    : ORDER_PREFIX.matcher(child.getKey()).replaceFirst("");
            walk(child.getValue(), path + name + ".", out);
            position++;
        }
    }

    private static String torchName(Block block, Parameter p) {
        if (block instanceof BatchNorm) {
            return switch (p.getType()) {
                case GAMMA -> p.requiresGradient() ? "weight" : null;
                case BETA -> p.requiresGradient() ? "bias" : null;
                case RUNNING_MEAN -> "running_mean";
                case RUNNING_VAR -> "running_var";
                default -> p.getName();
            };
        }
        if (block instanceof PRelu) {
            return "weight";
        }
        return p.getName();
    }

    /** @return the parameters by key, in the order of the block tree */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /**
     * The current values as float32 arrays of the parameters' shapes.
     *
     * @return the arrays by key
     * @throws IllegalStateException if a parameter is not initialised
     */
    public Map<String, NpyArray> toArrays() {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        parameters.forEach((key, p) -> {
            NDArray a = array(key, p);
            out.put(key, NpyArray.ofFloats(a.getShape().getShape(), a.toFloatArray()));
        });
        return out;
    }

    /**
     * Copies values into the parameters, in place (gradients and optimisers keep pointing at them).
     *
     * @param arrays the values by key; this dict's keys must all be there
     * @param source names where the values come from in messages, e.g. the file
     * @throws IllegalArgumentException naming the source and key of a missing value, a value of another
     *     dtype than float32, or a shape other than the parameter's (both shapes given)
     */
    public void load(Map<String, NpyArray> arrays, String source) {
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            String key = e.getKey();
            NDArray target = array(key, e.getValue());
            long[] expected = target.getShape().getShape();
            NpyArray value = arrays.get(key);
            if (value == null) {
                throw new IllegalArgumentException(source + ": missing key '" + key + "' (shape "
                        + NpyArray.shapeText(expected) + ")");
            }
            if (!value.dtype().equals(NpyArray.FLOAT32)) {
                throw new IllegalArgumentException(source + ": key '" + key + "' has dtype '" + value.dtype()
                        + "', expected float32 '" + NpyArray.FLOAT32 + "'");
            }
            if (!Arrays.equals(value.shape(), expected)) {
                throw new IllegalArgumentException(source + ": key '" + key + "' has shape "
                        + NpyArray.shapeText(value.shape()) + ", the model expects " + NpyArray.shapeText(expected));
            }
        }
        parameters.forEach((key, p) -> array(key, p).set(FloatBuffer.wrap(arrays.get(key).floats())));
    }

    private static NDArray array(String key, Parameter p) {
        if (!p.isInitialized()) {
            throw new IllegalStateException("parameter '" + key + "' is not initialised, expected an initialised block");
        }
        return p.getArray();
    }
}
