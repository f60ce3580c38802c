package org.pase4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.Prerequisites;
import org.pase4j.TestFiles;
import org.pase4j.config.ConfigFile;
import org.pase4j.data.ChunkBatch;
import org.pase4j.label.Batches;
import org.pase4j.label.TargetNormalizer;
import org.pase4j.model.EncoderConfig;
import org.pase4j.model.PaseModel;
import org.pase4j.model.SpcWorker;
import org.pase4j.model.WorkerSlot;
import org.pase4j.train.Labelling;

/**
 * pase4j against its PyTorch mirror ({@code python/pase4j_torch}, run by the test driver
 * {@code lib/src/test/python/parity.py}): the same weights and batch give the same encoder output, worker
 * outputs, losses, gradients and BatchNorm statistics. Relative difference of a tensor =
 * {@code max|torch − pase4j| / max|pase4j|}.
 */
class TorchParityTest {

    /** The largest relative difference accepted. */
    static final double TOLERANCE = 1e-4;
    /**
     * The largest relative L2 difference of float32 gradients. Float32 gradients are ill-conditioned at the
     * PReLU kinks: round-off moves a few pre-activations across 0, and with a small batch each such element
     * changes single gradient entries by up to several per cent (in float64, perturbing the weights by
     * 6e-8 relative moved the exact gradient by up to 6e-2 of its largest entry). So the float32 step is
     * compared by L2 norm, where those few entries weigh little, and the float64 step checks every
     * gradient to {@link #TOLERANCE}.
     */
    static final double FLOAT32_GRADIENT_TOLERANCE = 5e-2;
    /** Two triples of 0.62 s chunks (62 frames, SpcWorker needs 61) of the bundled corpus. */
    private static final int TRIPLES = 2;
    private static final int CHUNK = 9_920;

    @TempDir
    Path tmp;

    @BeforeEach
    void needsPyTorch() {
        TorchPython.require();
    }

    private static Map<String, Object> recipe() throws IOException {
        return ConfigFile.load(TestFiles.repo().resolve("train.yaml"), List.of());
    }

    @Test
    void theRecipeModelMatchesPyTorch() throws IOException {
        Differences d = compare(recipe(), 5, List.of());
        d.print("recipe (SincConv + QRNN + skips, 7 workers)");
        d.assertWithin(TOLERANCE, FLOAT32_GRADIENT_TOLERANCE);
    }

    @Test
    void plainPaseMatchesPyTorch() throws IOException {
        Map<String, Object> config = new LinkedHashMap<>(recipe());
        config.put("encoder_model", EncoderConfig.officialPase().toMap());
        config.put("loss_combination", "sum");
        Differences d = compare(config, 6, List.of("mfcc", "prosody"));
        d.print("plain PASE (official padding, per-channel PReLU, no QRNN/skips, 7 workers, z-scored mfcc and prosody"
                + " targets, sum of losses)");
        d.assertWithin(TOLERANCE, FLOAT32_GRADIENT_TOLERANCE);
    }

    /**
     * Runs one batch through pase4j and through PyTorch from the same random weights: evaluation mode,
     * then one training step in float32 and the same step in float64. PyTorch runs while pase4j trains.
     *
     * @param config the train.yaml mapping
     * @param seed the initialisation seed
     * @param zScored the workers that learn z-scored targets (statistics of this batch)
     * @return every compared tensor's differences
     */
    private Differences compare(Map<String, Object> config, int seed, List<String> zScored) throws IOException {
        Path weights = tmp.resolve("weights.npz");
        Path inputs = tmp.resolve("inputs.npz");
        Path torch = tmp.resolve("torch.npz");
        ChunkBatch batch = Batches.first(TRIPLES, CHUNK);
        Map<String, float[]> ours = new LinkedHashMap<>();
        TorchPython.Running python;
        Engine.getInstance().setRandomSeed(seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            PaseModel model = PaseModel.fromConfig(config);
            model.initialize(manager, CHUNK);
            try (NDManager step = manager.newSubManager()) {
                moveBatchNormStatistics(model, step, batch);
            }
            for (WorkerSlot w : model.workers()) {
                if (zScored.contains(w.name())) {
                    try (NDManager step = manager.newSubManager()) {
                        model.setNormalizer(w.name(), new TargetNormalizer.Estimator()
                                .add(w.labeller().label(batch, step)).build(manager));
                    }
                }
            }
            float[] var = StateDict.of(model).parameters().get("encoder.block3.bn.running_var").getArray().toFloatArray();
            assertTrue(var[0] != 1f && var[1] != var[0], "the running statistics moved away from their start");
            Npz.write(inputs, evaluate(model, batch, manager, ours));
            Weights.export(model, weights);
            python = TorchPython.start("parity.py", weights.toString(), inputs.toString(), torch.toString());
            PaseModel model64 = copy(model, config, manager, DataType.FLOAT64);
            trainStep(model, batch, manager, DataType.FLOAT32, "", ours);
            StateDict.of(model).parameters().forEach((key, p) -> {
                if (!p.requiresGradient()) {
                    ours.put("running." + key, p.getArray().toFloatArray());
                }
            });
            trainStep(model64, batch, manager, DataType.FLOAT64, "64", ours);
        }
        python.await(300);
        Map<String, NpyArray> theirs = Npz.read(torch);
        assertEquals(new TreeSet<>(ours.keySet()), new TreeSet<>(theirs.keySet()),
                "pase4j and PyTorch compared the same tensors");
        Differences d = new Differences();
        ours.forEach((key, values) -> d.add(key, values, theirs.get(key).floats()));
        return d;
    }

    /**
     * The evaluation-mode pass: encoder output and every worker's prediction.
     *
     * @return the inputs for PyTorch: the batch {@code x}, every worker's {@code target.<name>} and every
     *     SpcWorker's {@code positions.<name>}
     */
    private static Map<String, NpyArray> evaluate(PaseModel model, ChunkBatch batch, NDManager manager,
            Map<String, float[]> ours) {
        Map<String, NpyArray> in = new LinkedHashMap<>();
        try (NDManager step = manager.newSubManager()) {
            NDArray x = batch.toNDArray(step);
            in.put("x", array(x));
            ParameterStore ps = new ParameterStore(step, false);
            NDArray embeddings = model.encoder().forward(ps, new NDList(x), false).singletonOrThrow();
            ours.put("eval.embeddings", embeddings.toFloatArray());
            for (WorkerSlot w : model.workers()) {
                in.put("target." + w.name(), array(w.labeller().label(batch, step)));
                if (w.worker() instanceof SpcWorker spc) {
                    spc.beginBatch(batch.epoch(), batch.index());
                    SpcWorker.Positions p = spc.positions((int) embeddings.getShape().get(2));
                    in.put("positions." + w.name(), NpyArray.ofFloats(new long[] {3},
                            new float[] {p.anchor(), p.future(), p.past()}));
                }
                w.worker().beginBatch(batch.epoch(), batch.index());
                ours.put("eval.prediction." + w.name(),
                        w.worker().forward(ps, new NDList(embeddings), false).singletonOrThrow().toFloatArray());
            }
        }
        return in;
    }

    /**
     * The same model with parameters of another data type (BatchNorm statistics included) and the same
     * target normalizers (float32: targets are z-scored in float32, then the loss is taken in {@code type}).
     */
    private static PaseModel copy(PaseModel model, Map<String, Object> config, NDManager manager, DataType type) {
        PaseModel copy = PaseModel.fromConfig(config);
        Shape input = new Shape(3L * TRIPLES, 1, CHUNK);
        copy.encoder().initialize(manager, type, input);
        Shape embeddings = copy.encoder().getOutputShapes(new Shape[] {input})[0];
        copy.workers().forEach(w -> w.worker().initialize(manager, type, embeddings));
        Map<String, Parameter> from = StateDict.of(model).parameters();
        StateDict.of(copy).parameters().forEach((key, p) ->
                p.getArray().set(from.get(key).getArray().toType(type, false).toByteBuffer()));
        model.normalizers().forEach(copy::setNormalizer);
        return copy;
    }

    /** One training-mode forward and backward pass of {@link PaseModel#losses}: losses and every gradient. */
    private static void trainStep(PaseModel model, ChunkBatch batch, NDManager manager, DataType type, String suffix,
            Map<String, float[]> ours) {
        try (NDManager step = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x = batch.toNDArray(step).toType(type, false);
            PaseModel.Losses losses = model.losses(new ParameterStore(step, false), x, Labelling.targets(model, batch, step), true);
            losses.workers().forEach((name, loss) -> ours.put("train" + suffix + ".loss." + name, floats(loss)));
            ours.put("train" + suffix + ".loss.total", floats(losses.total()));
            collector.backward(losses.total());
        }
        StateDict.of(model).parameters().forEach((key, p) -> {
            if (p.requiresGradient()) {
                ours.put("grad" + suffix + "." + key, floats(p.getArray().getGradient()));
            }
        });
    }

    private static float[] floats(NDArray a) {
        return a.toType(DataType.FLOAT32, false).toFloatArray();
    }

    /** Two training-mode forward passes over scaled batches: running statistics no longer 0 and 1. */
    private static void moveBatchNormStatistics(PaseModel model, NDManager step, ChunkBatch batch) {
        ParameterStore ps = new ParameterStore(step, false);
        for (float scale : new float[] {3f, 0.5f}) {
            NDArray embeddings = model.encoder().forward(ps, new NDList(batch.toNDArray(step).mul(scale)), true)
                    .singletonOrThrow();
            for (WorkerSlot w : model.workers()) {
                w.worker().beginBatch(batch.epoch(), batch.index());
                w.worker().forward(ps, new NDList(embeddings), true);
            }
        }
    }

    private static NpyArray array(NDArray a) {
        return NpyArray.ofFloats(a.getShape().getShape(), a.toFloatArray());
    }

    @Test
    void pyTorchBuildsTheSpecsModelsFromTrainYaml() throws IOException {
        String out = TorchPython.run(120, "-c", "import sys, pase4j_torch as p\n"
                + "try:\n    import yaml\nexcept ImportError:\n    sys.exit(print('no PyYAML'))\n"
                + "m = p.PaseTorch(yaml.safe_load(open(sys.argv[1])))\n"
                + "count = lambda module: sum(v.numel() for v in module.parameters())\n"
                + "print(count(m.encoder), count(p.Encoder(p.OFFICIAL_PASE)), count(m.workers['decoder']),"
                + " count(m.workers['spc']),"
                + " len([k for k in m.state_dict() if not k.endswith('num_batches_tracked')]), m.sum_losses)", TestFiles.repo().resolve("train.yaml")
                .toString()).strip();
        Prerequisites.require(!out.equals("no PyYAML"), "PyYAML, to read train.yaml in Python",
                "apt-get install python3-yaml");
        assertEquals("7586604 5818020 6488321 154369 126 False", out, "the spec's parameter counts, pase4j's 126 keys");
    }

    @Test
    void weightsRoundTripThroughPyTorchUnchanged() throws IOException {
        Path exported = tmp.resolve("exported.npz");
        Path model = tmp.resolve("model-from-torch.npz");
        Path encoder = tmp.resolve("encoder-from-torch.npz");
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            PaseModel original = PaseModel.fromConfig(recipe());
            original.initialize(manager, CHUNK);
            try (NDManager step = manager.newSubManager()) {
                moveBatchNormStatistics(original, step, Batches.first(TRIPLES, CHUNK));
            }
            original.setNormalizer("prosody", TargetNormalizer.of(new float[] {4.5f, 0.5f, 0.02f, 0.1f},
                    new float[] {0.3f, 0.5f, 0.01f, 0.05f}, manager));
            Weights.export(original, exported);
            TorchPython.run(300, "-c", "import sys, pase4j_torch as p; p.save(p.load_model(sys.argv[1]), sys.argv[2]);"
                    + " p.save(p.load_encoder(sys.argv[1]), sys.argv[3])", exported.toString(), model.toString(),
                    encoder.toString());
            Map<String, NpyArray> before = StateDict.of(original).toArrays();
            PaseModel imported = Weights.importModel(model, manager);
            Map<String, NpyArray> afterModel = StateDict.of(imported).toArrays();
            assertEquals(List.of("prosody"), List.copyOf(imported.normalizers().keySet()));
            assertArrayEquals(new float[] {0.3f, 0.5f, 0.01f, 0.05f},
                    imported.normalizers().get("prosody").std().toFloatArray());
            assertArrayEquals(new float[] {4.5f, 0.5f, 0.02f, 0.1f},
                    imported.normalizers().get("prosody").mean().toFloatArray());
            assertEquals(List.copyOf(before.keySet()), List.copyOf(afterModel.keySet()));
            before.forEach((k, v) -> {
                assertArrayEquals(v.shape(), afterModel.get(k).shape(), k);
                assertArrayEquals(v.floats(), afterModel.get(k).floats(), k);
            });
            var back = Weights.importEncoder(encoder, manager);
            assertEquals(original.encoder().config(), back.config());
            try (NDManager step = manager.newSubManager()) {
                NDArray x = Batches.first(TRIPLES, CHUNK).toNDArray(step);
                ParameterStore ps = new ParameterStore(step, false);
                assertArrayEquals(original.encoder().forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray(),
                        back.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray());
            }
        }
        assertTrue(Npz.read(encoder).keySet().stream().noneMatch(k -> k.startsWith("workers.")));
        assertTrue(Npz.read(model).keySet().stream().noneMatch(k -> k.endsWith("num_batches_tracked")));
    }

    /**
     * The differences of every compared tensor. A tensor's relative difference is
     * {@code max|torch − pase4j| / max|pase4j|}. For gradients the denominator is at least a floor, a
     * fraction of the model's largest gradient, because some gradients are exactly zero in exact
     * arithmetic (the bias of a convolution followed by training-mode BatchNorm, which subtracts it
     * again) and both sides hold round-off there. Float32 gradients are compared by the L2 norm instead,
     * {@code ‖torch − pase4j‖ / ‖pase4j‖}, with the same kind of floor (see {@link #FLOAT32_GRADIENT_TOLERANCE}).
     */
    static final class Differences {

        /** Float64 gradient floor: 1e-8 of the largest gradient (float64 round-off there is ~1e-16). */
        static final double FLOAT64_FLOOR = 1e-8;
        /** Float32 gradient floor: 1e-4 of the largest gradient (float32 round-off there is ~1e-6). */
        static final double FLOAT32_FLOOR = 1e-4;

        /** One tensor's differences: largest and L2 norm of the difference and of pase4j's values. */
        record Row(String key, String group, double maxAbs, double maxRef, double l2, double l2Ref) {}

        private final List<Row> rows = new ArrayList<>();

        void add(String key, float[] java, float[] torch) {
            assertEquals(java.length, torch.length, key + ": sizes differ");
            double maxAbs = 0;
            double maxRef = 0;
            double squares = 0;
            double refSquares = 0;
            for (int i = 0; i < java.length; i++) {
                double diff = Math.abs((double) java[i] - torch[i]);
                maxAbs = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(maxAbs, diff);
                maxRef = Math.max(maxRef, Math.abs(java[i]));
                squares += diff * diff;
                refSquares += (double) java[i] * java[i];
            }
            String group = key.startsWith("grad") || key.startsWith("running.") ? key.substring(0, key.indexOf('.')) : key;
            rows.add(new Row(key, group, maxAbs, maxRef, Math.sqrt(squares), Math.sqrt(refSquares)));
        }

        /** @return the relative difference this test bounds: L2 for float32 gradients, else largest entries */
        private double relative(Row r) {
            return relative(r, r.group().equals("grad"));
        }

        private double relative(Row r, boolean l2) {
            double floor = 0;
            if (r.group().startsWith("grad")) {
                double largest = rows.stream().filter(o -> o.group().equals(r.group()))
                        .mapToDouble(o -> l2 ? o.l2Ref() : o.maxRef()).max().orElse(0);
                floor = largest * (r.group().equals("grad64") ? FLOAT64_FLOOR : FLOAT32_FLOOR);
            }
            double difference = l2 ? r.l2() : r.maxAbs();
            double denominator = Math.max(l2 ? r.l2Ref() : r.maxRef(), floor);
            return denominator == 0 ? (difference == 0 ? 0 : Double.POSITIVE_INFINITY) : difference / denominator;
        }

        /** Prints the largest difference of every output and loss, of the gradients and of the statistics. */
        void print(String title) {
            System.out.println("parity with PyTorch, " + title + ": relative = max|torch - pase4j| / max|pase4j|"
                    + " (float32 gradients 'grad': L2 norms)");
            Map<String, Row> worst = new LinkedHashMap<>();
            for (Row r : rows) {
                worst.merge(r.group(), r, (a, b) -> relative(b) > relative(a) ? b : a);
            }
            worst.forEach((group, r) -> System.out.printf(Locale.ROOT, "  %-24s relative %.1e  absolute %.1e  %s%n",
                    group, relative(r), r.maxAbs(), r.key().equals(group) ? "" : "(" + r.key() + ")"));
            rows.stream().filter(r -> r.group().equals("grad")).max(Comparator.comparingDouble(r -> relative(r, false)))
                    .ifPresent(r -> System.out.printf(Locale.ROOT, "  %-24s relative %.1e  absolute %.1e  (%s)%n",
                            "grad, largest entries", relative(r, false), r.maxAbs(), r.key()));
        }

        /**
         * @param tolerance the largest relative difference of every tensor
         * @param float32Gradients the largest relative L2 difference of float32 gradients
         */
        void assertWithin(double tolerance, double float32Gradients) {
            List<String> bad = rows.stream().filter(r -> !(relative(r) <= (r.group().equals("grad") ? float32Gradients
                    : tolerance))).map(r -> String.format(Locale.ROOT, "%s: relative %.3e, absolute %.3e of max %.3e",
                            r.key(), relative(r), r.maxAbs(), r.maxRef())).toList();
            assertTrue(bad.isEmpty(), bad.size() + " tensors differ by more than allowed:\n" + String.join("\n", bad));
        }
    }
}
