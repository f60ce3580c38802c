package org.pase4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.HashMap;
import java.util.Map;

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
            NDList inputs = new NDList(weight, weight.getGradient(),
                    means.computeIfAbsent(name, k -> weight.zerosLike()),
                    variances.computeIfAbsent(name, k -> weight.zerosLike()));
            weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), learningRate,
                    (float) (learningRate * correction), 0f, 1f, Float.MAX_VALUE, beta1, beta2, epsilon, true, false);
        }
    }
}
