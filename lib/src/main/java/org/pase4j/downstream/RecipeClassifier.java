package org.pase4j.downstream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import org.pase4j.model.Layers;
import org.pase4j.train.Adam;
import org.pase4j.util.HostArrays;
import org.pase4j.util.Progress;
import org.pase4j.util.Seeds;

/**
 * The recipe's speaker classifier: a per-frame linear map to 100 dimensions → LeakyReLU → BatchNorm →
 * flatten (frames × 100) → linear → log-softmax, trained with the negative log-likelihood, Adam at
 * 1e-3 annealed linearly to 1e-4, batch 32. It is position-bound (it flattens time) and has many
 * parameters for small data, so its numbers are reported beside the {@link LogisticProbe}'s.
 *
 * <p>With a {@code front} block (an encoder) the inputs are waveforms and the front is trained too: the
 * recipe's fine-tuning. The test predictions reported are those of the epoch with the best validation
 * accuracy.
 */
public final class RecipeClassifier {

    private static final int BATCH = 32;
    private static final float LR_START = 1e-3f;
    private static final float LR_END = 1e-4f;

    private RecipeClassifier() {}

    /**
     * What training produced.
     *
     * @param predictions predicted class of every test utterance, at the best validation epoch
     * @param validAccuracy validation accuracy after every epoch
     * @param bestEpoch the 1-based epoch whose predictions are reported
     */
    public record Result(int[] predictions, double[] validAccuracy, int bestEpoch) {}

    /**
     * Trains and evaluates.
     *
     * @param front an encoder to fine-tune on waveform inputs, or {@code null} for fixed features
     * @param train training inputs
     * @param valid validation inputs
     * @param test test inputs
     * @param classes the number of classes
     * @param epochs training epochs
     * @param seed initialisation and shuffling seed
     * @return the test predictions and the validation curve
     */
    public static Result run(Block front, FeatureSet train, FeatureSet valid, FeatureSet test, int classes, int epochs,
            int seed) {
        Engine.getInstance().setRandomSeed(seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape inputShape = new Shape(BATCH, train.dims(), train.frames());
            SequentialBlock net = new SequentialBlock();
            Shape featureShape = inputShape;
            if (front != null) {
                net.add(front);
                featureShape = front.getOutputShapes(new Shape[] {inputShape})[0];
            }
            int dims = (int) featureShape.get(1);
            long frames = featureShape.get(2);
            net.add(Layers.conv(dims, 100, 1, 1, true))
                    .add(Activation.leakyReluBlock(0.01f))
                    .add(Layers.batchNorm(true))
                    .add(x -> new NDList(x.singletonOrThrow().reshape(x.singletonOrThrow().getShape().get(0), 100 * frames)))
                    .add(Linear.builder().setUnits(classes).build());
            if (front == null) {
                net.initialize(manager, DataType.FLOAT32, inputShape);
            } else {
                initializeAfterFront(net, manager, featureShape);
            }
            Adam adam = new Adam(net.getParameters(), LR_START);
            double[] curve = new double[epochs];
            int[] best = null;
            int bestEpoch = 0;
            double bestAccuracy = -1;
            try (ProgressBar bar = Progress.items("classifier " + train.name(), epochs)) {
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    float progress = epochs == 1 ? 0 : (epoch - 1) / (float) (epochs - 1);
                    adam.setLearningRate(LR_START + (LR_END - LR_START) * progress);
                    trainEpoch(net, adam, manager, train, classes, Seeds.stream(seed, epoch));
                    curve[epoch - 1] = LogisticProbe.accuracy(predict(net, manager, valid), valid.labels());
                    if (curve[epoch - 1] > bestAccuracy) {
                        bestAccuracy = curve[epoch - 1];
                        bestEpoch = epoch;
                        best = predict(net, manager, test);
                    }
                    bar.step();
                }
            }
            return new Result(best, curve, bestEpoch);
        }
    }

    /** The front keeps its parameters; only the classifier layers behind it are created. */
    private static void initializeAfterFront(SequentialBlock net, NDManager manager, Shape featureShape) {
        Shape s = featureShape;
        boolean first = true;
        for (var child : net.getChildren()) {
            if (first) {
                first = false;
                continue;
            }
            child.getValue().initialize(manager, DataType.FLOAT32, s);
            s = child.getValue().getOutputShapes(new Shape[] {s})[0];
        }
    }

    private static void trainEpoch(SequentialBlock net, Adam adam, NDManager manager, FeatureSet train, int classes,
            SplittableRandom rng) {
        int[] order = Seeds.permutation(train.size(), rng);
        for (int from = 0; from < order.length; from += BATCH) {
            int b = Math.min(BATCH, order.length - from);
            if (b < 2) {
                continue; // BatchNorm needs two items
            }
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < b; i++) {
                rows.add(order[from + i]);
            }
            try (NDManager step = manager.newSubManager()) {
                NDArray x = inputs(step, train, rows);
                float[] onehot = new float[b * classes];
                for (int i = 0; i < b; i++) {
                    onehot[i * classes + train.labels()[rows.get(i)]] = 1;
                }
                NDArray y = HostArrays.of(step, onehot, new Shape(b, classes));
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = net.forward(new ParameterStore(step, false), new NDList(x), true).singletonOrThrow();
                    NDArray nll = logits.logSoftmax(1).mul(y).sum(new int[] {1}).neg().mean();
                    collector.backward(nll);
                }
                adam.step();
            }
        }
    }

    private static NDArray inputs(NDManager manager, FeatureSet set, List<Integer> rows) {
        int size = set.dims() * set.frames();
        float[] flat = new float[rows.size() * size];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(set.values().get(rows.get(i)), 0, flat, i * size, size);
        }
        return HostArrays.of(manager, flat, new Shape(rows.size(), set.dims(), set.frames()));
    }

    private static int[] predict(SequentialBlock net, NDManager manager, FeatureSet set) {
        int[] out = new int[set.size()];
        for (int from = 0; from < set.size(); from += BATCH) {
            List<Integer> rows = new ArrayList<>();
            for (int i = from; i < Math.min(set.size(), from + BATCH); i++) {
                rows.add(i);
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray logits = net.forward(new ParameterStore(scope, false), new NDList(inputs(scope, set, rows)), false)
                        .singletonOrThrow();
                long[] argmax = logits.argMax(1).toLongArray();
                for (int i = 0; i < rows.size(); i++) {
                    out[from + i] = (int) argmax[i];
                }
            }
        }
        return out;
    }
}
