package org.pase4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adam (Kingma and Ba) over a fixed set of parameters, using DJL's fused native update; unlike DJL's
 * own {@code Adam}, it owns its moments and step counts by parameter name, so that they can be saved
 * with a checkpoint and a resumed run continues exactly. The update also clears the gradients.
 */
public final class Adam {

    private final PairList<String, Parameter> parameters;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private float learningRate;
    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();

    /**
     * Creates the optimiser with PyTorch's defaults (β1 0.9, β2 0.999, ε 1e-8).
     *
     * @param parameters the parameters it updates (those that require a gradient)
     * @param learningRate the initial learning rate
     */
    public Adam(PairList<String, Parameter> parameters, float learningRate) {
        this.parameters = parameters;
        this.learningRate = learningRate;
        this.beta1 = 0.9f;
        this.beta2 = 0.999f;
        this.epsilon = 1e-8f;
    }

    /** @return the current learning rate */
    public float learningRate() {
        return learningRate;
    }

    /** @param learningRate the learning rate of the next steps */
    public void setLearningRate(float learningRate) {
        this.learningRate = learningRate;
    }

    /**
     * Writes the learning rate, and each parameter's step count and moments.
     *
     * @param out the stream
     * @throws IOException if writing fails
     */
    public void save(DataOutputStream out) throws IOException {
        out.writeFloat(learningRate);
        out.writeInt(steps.size());
        for (Map.Entry<String, Integer> e : new TreeMap<>(steps).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
            writeArray(out, means.get(e.getKey()));
            writeArray(out, variances.get(e.getKey()));
        }
    }

    /**
     * Restores what {@link #save} wrote; moments are created in the manager of their parameters.
     *
     * @param in the stream
     * @throws IOException if reading fails or names a parameter this optimiser does not have
     */
    public void load(DataInputStream in) throws IOException {
        learningRate = in.readFloat();
        int n = in.readInt();
        steps.clear();
        means.values().forEach(NDArray::close);
        variances.values().forEach(NDArray::close);
        means.clear();
        variances.clear();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            Parameter p = parameters.get(name);
            if (p == null) {
                throw new IOException("optimiser state for unknown parameter " + name);
            }
            NDManager manager = p.getArray().getManager();
            steps.put(name, in.readInt());
            means.put(name, readArray(in, manager));
            variances.put(name, readArray(in, manager));
        }
    }

    private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
        byte[] bytes = array.encode();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static NDArray readArray(DataInputStream in, NDManager manager) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return manager.decode(bytes);
    }

    /** Applies one update to every parameter with a gradient, then zeroes the gradients. */
    public void step() {
        for (Pair<String, Parameter> p : parameters) {
            if (!p.getValue().requiresGradient()) {
                continue;
            }
            String name = p.getKey();
            NDArray weight = p.getValue().getArray();
            int t = steps.merge(name, 1, Integer::sum);
            double correction = Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            try (NDArray gradient = weight.getGradient()) {
                NDList inputs = new NDList(weight, gradient, means.computeIfAbsent(name, k -> weight.zerosLike()),
                        variances.computeIfAbsent(name, k -> weight.zerosLike()));
                weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), learningRate,
                        (float) (learningRate * correction), 0f, 1f, Float.MAX_VALUE, beta1, beta2, epsilon, true,
                        false);
            }
        }
    }
}
