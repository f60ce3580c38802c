package org.pase4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;
import org.pase4j.TinyRuns;
import org.pase4j.cli.Pase4j;
import org.pase4j.config.ConfigFile;
import org.pase4j.downstream.Npy;
import org.pase4j.downstream.PretrainedEncoder;
import org.pase4j.downstream.TinyCheckpoint;
import org.pase4j.label.TargetNormalizer;
import org.pase4j.model.Encoder;
import org.pase4j.model.EncoderConfig;
import org.pase4j.model.PaseModel;
import org.pase4j.util.Options;

class WeightsTest {

    @TempDir
    Path tmp;

    /** A small plain-PASE-like encoder with every kind of parameter: SincConv, BatchNorm, shared and per-channel PReLU. */
    static EncoderConfig small(boolean qrnn, boolean perChannel) {
        return new EncoderConfig(true, qrnn, true, 1, List.of(8, 16, 12), List.of(31, 11, 1), List.of(1, 160, 1), 10,
                perChannel, "recipe", 50f, true, true);
    }

    private static Encoder randomEncoder(EncoderConfig config, NDManager manager, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        Encoder encoder = new Encoder(config);
        encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 1600));
        // move every BatchNorm statistic away from 0 / 1 so that a lost statistic shows
        for (Map.Entry<String, Parameter> e : StateDict.of(encoder, StateDict.ENCODER).parameters().entrySet()) {
            NDArray a = e.getValue().getArray();
            if (e.getKey().endsWith("running_var") || e.getKey().endsWith("running_mean")) {
                a.set(manager.randomUniform(0.5f, 1.5f, a.getShape()).toFloatArray());
            }
        }
        return encoder;
    }

    private static float[] embed(Encoder encoder, NDManager manager, float[] samples) {
        NDArray x = manager.create(samples, new Shape(1, 1, samples.length));
        return encoder.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    private static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(i * 0.05) * 0.3f + (i % 7) * 0.01f;
        }
        return x;
    }

    @Test
    void keysFollowPyTorchsStateDictNames() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = randomEncoder(small(true, false), manager, 1);
            Map<String, Parameter> p = StateDict.of(encoder, StateDict.ENCODER).parameters();
            assertEquals(List.of("encoder.block0.conv.low_hz", "encoder.block0.conv.band_hz", "encoder.block0.bn.weight",
                    "encoder.block0.bn.bias", "encoder.block0.bn.running_mean", "encoder.block0.bn.running_var",
                    "encoder.block0.act.weight", "encoder.skip0.weight", "encoder.block1.conv.weight",
                    "encoder.block1.conv.bias", "encoder.block1.bn.weight", "encoder.block1.bn.bias",
                    "encoder.block1.bn.running_mean", "encoder.block1.bn.running_var", "encoder.block1.act.weight",
                    "encoder.skip1.weight", "encoder.qrnn.gates.weight", "encoder.qrnn.gates.bias",
                    "encoder.output.weight", "encoder.output.bias", "encoder.output_norm.running_mean",
                    "encoder.output_norm.running_var"), List.copyOf(p.keySet()));
            assertEquals(new Shape(30, 16, 2), p.get("encoder.qrnn.gates.weight").getArray().getShape());
            assertEquals(new Shape(1), p.get("encoder.block1.act.weight").getArray().getShape());
        }
    }

    @Test
    void aWholeModelNamesTheDecodersLayersByPositionLikeNnSequential() throws IOException {
        Map<String, Object> yaml = ConfigFile.load(TestFiles.repo().resolve("train.yaml"),
                List.of());
        try (NDManager manager = NDManager.newBaseManager()) {
            PaseModel model = PaseModel.fromConfig(yaml);
            model.initialize(manager, 16000);
            Map<String, Parameter> p = StateDict.of(model).parameters();
            assertEquals(126, p.size(), "the recipe's keys (PyTorch's state_dict less its num_batches_tracked)");
            assertEquals(new Shape(100, 512, 30), p.get("workers.decoder.net.0.weight").getArray().getShape());
            assertEquals(new Shape(512), p.get("workers.decoder.net.1.running_var").getArray().getShape());
            assertEquals(new Shape(512), p.get("workers.decoder.net.2.weight").getArray().getShape());
            assertEquals(new Shape(1, 256, 1), p.get("workers.decoder.net.11.weight").getArray().getShape());
            assertEquals(new Shape(1025, 256, 1), p.get("workers.lps.net.out.weight").getArray().getShape());
            assertEquals(new Shape(256, 600, 1), p.get("workers.spc.mlp.hidden.weight").getArray().getShape());
            assertEquals(new Shape(256), p.get("workers.gim.mlp.act.weight").getArray().getShape());
            long values = p.entrySet().stream().filter(e -> e.getKey().startsWith("encoder.")
                    && !e.getKey().contains("running_")).mapToLong(e -> e.getValue().getArray().size()).sum();
            assertEquals(7_586_604, values, "the recipe's trainable encoder parameters, as the spec counts them");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void anExportedEncoderImportsToTheSameWeightsAndOutput() throws IOException {
        Path file = tmp.resolve("sub/encoder.npz");
        float[] x = ramp(1600);
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = randomEncoder(small(true, true), manager, 2);
            Weights.export(encoder, file);
            Encoder back = Weights.importEncoder(file, manager);
            assertEquals(encoder.config(), back.config());
            Map<String, NpyArray> a = StateDict.of(encoder, StateDict.ENCODER).toArrays();
            Map<String, NpyArray> b = StateDict.of(back, StateDict.ENCODER).toArrays();
            assertEquals(a.keySet(), b.keySet());
            a.forEach((k, v) -> assertArrayEquals(v.floats(), b.get(k).floats(), k));
            assertArrayEquals(embed(encoder, manager, x), embed(back, manager, x));
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
        try (PretrainedEncoder loaded = PretrainedEncoder.load(file)) {
            assertEquals(small(true, true), loaded.config());
            assertEquals(file, loaded.parametersFile().orElseThrow());
            float[][] frames = loaded.embed(x);
            assertEquals(10, frames.length);
            assertEquals(12, frames[0].length);
        }
        String text = new String(Npz.read(file).get(Weights.CONFIG_KEY).bytes(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\n  \"encoder_model\": {\n    \"use_sincnet\": true,"), "JSON, a subset of YAML: " + text);
        assertEquals(small(true, true), EncoderConfig.from(new Options("encoder_model",
                (Map<String, Object>) Weights.config(file).get("encoder_model"))));
    }

    @Test
    void exportCommandWritesTheEncoderOrTheWholeModelOfACheckpoint() throws IOException {
        Path run = tmp.resolve("run");
        TinyCheckpoint.train(run);
        Path encoderFile = tmp.resolve("encoder.npz");
        Path modelFile = tmp.resolve("model.npz");
        assertEquals(0, Pase4j.run("export", "--checkpoint", run.toString(), "--out", encoderFile.toString()));
        assertEquals(0, Pase4j.run("export", "--checkpoint", run.toString(), "--out", modelFile.toString(), "--workers"));
        assertEquals(2, Pase4j.run("export", "--checkpoint", run.toString()), "--out is required");
        assertEquals(1, Pase4j.run("export", "--checkpoint", tmp.resolve("none").toString(), "--out", "x.npz"));
        assertTrue(Npz.read(modelFile).keySet().stream().anyMatch(k -> k.startsWith("workers.toy.")));
        assertTrue(Npz.read(encoderFile).keySet().stream().noneMatch(k -> k.startsWith("workers.")));
        Path embeddings = tmp.resolve("embeddings");
        assertEquals(0, Pase4j.run("embed", "--encoder", modelFile.toString(), "--input",
                TestFiles.audio("speech.flac").toString(), "--out", embeddings.toString()));
        assertEquals(TinyCheckpoint.EMB_DIM, Npy.read(embeddings.resolve("speech.npy"))[0].length);
        float[] x = ramp(3200);
        try (PretrainedEncoder ckpt = PretrainedEncoder.load(run);
                PretrainedEncoder npz = PretrainedEncoder.load(encoderFile);
                PretrainedEncoder whole = PretrainedEncoder.load(modelFile)) {
            float[][] expected = ckpt.embed(x);
            assertArrayEquals(expected, npz.embed(x));
            assertArrayEquals(expected, whole.embed(x));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            PaseModel model = Weights.importModel(modelFile, manager);
            assertEquals(List.of("toy"), model.workers().stream().map(w -> w.name()).toList());
            IOException e = assertThrows(IOException.class, () -> Weights.importModel(encoderFile, manager));
            assertEquals(encoderFile + ": the configuration in '__config__' has no mapping 'workers_config'", e.getMessage());
        }
    }

    @Test
    void badFilesNameTheFileTheKeyAndWhatWasExpected() throws IOException {
        Path good = tmp.resolve("good.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            Weights.export(randomEncoder(small(false, false), manager, 3), good);
        }
        Map<String, NpyArray> arrays = Npz.read(good);

        Path text = Files.writeString(tmp.resolve("text.npz"), "hello");
        assertTrue(message(text).startsWith(text + ": not a .npz archive (not a zip file"), message(text));
        Path missingFile = tmp.resolve("missing.npz");
        assertEquals(missingFile + ": no such file, expected a .npz archive", message(missingFile));

        Path missing = rewrite("missing-key.npz", arrays, m -> m.remove("encoder.block1.bn.running_var"));
        assertEquals(missing + ": missing key 'encoder.block1.bn.running_var' (shape (16,))", message(missing));

        Path unexpected = rewrite("unexpected.npz", arrays,
                m -> m.put("encoder.block9.conv.weight", NpyArray.ofFloats(new long[] {1}, new float[1])));
        assertEquals(unexpected + ": unexpected key 'encoder.block9.conv.weight', the model built from its __config__"
                + " has no such parameter", message(unexpected));

        Path shape = rewrite("shape.npz", arrays,
                m -> m.put("encoder.skip1.weight", NpyArray.ofFloats(new long[] {12, 16}, new float[12 * 16])));
        assertEquals(shape + ": key 'encoder.skip1.weight' has shape (12, 16), the model expects (12, 16, 1)",
                message(shape));

        Path dtype = rewrite("dtype.npz", arrays, m -> m.put("encoder.output.bias", NpyArray.ofBytes(new byte[12])));
        assertEquals(dtype + ": key 'encoder.output.bias' has dtype '|u1', expected float32 '<f4'", message(dtype));

        Path noConfig = rewrite("no-config.npz", arrays, m -> m.remove(Weights.CONFIG_KEY));
        assertTrue(message(noConfig).startsWith(noConfig + ": missing key '__config__'"), message(noConfig));

        Path doubles = tmp.resolve("doubles.npz");
        byte[] npy = NpyArray.ofFloats(new long[] {2}, new float[2]).encode();
        String swapped = new String(npy, StandardCharsets.ISO_8859_1).replace("<f4", "<f8");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(doubles))) {
            zip.putNextEntry(new ZipEntry("encoder.output.bias.npy"));
            zip.write(swapped.getBytes(StandardCharsets.ISO_8859_1));
        }
        assertEquals(doubles + ", key 'encoder.output.bias': unsupported dtype '<f8', expected float32 '<f4'"
                + " (or uint8 '|u1' for text)", message(doubles));
    }

    @Test
    void targetStatisticsTravelWithAWholeModel() throws IOException {
        Map<String, Object> config = TinyRuns.config(tmp.resolve("run"), 1);
        Path file = tmp.resolve("model.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            PaseModel model = PaseModel.fromConfig(config);
            model.initialize(manager, 3200);
            model.setNormalizer("toy", TargetNormalizer.of(new float[] {1f, -2f}, new float[] {0.5f, 3f}, manager));
            Weights.export(model, file);
            PaseModel back = Weights.importModel(file, manager);
            assertArrayEquals(new float[] {1f, -2f}, back.normalizers().get("toy").mean().toFloatArray());
            assertArrayEquals(new float[] {0.5f, 3f}, back.normalizers().get("toy").std().toFloatArray());
            assertEquals(new Shape(1, 2, 1), back.normalizers().get("toy").std().getShape());
            Map<String, NpyArray> arrays = Npz.read(file);

            Path noStd = rewrite("no-std.npz", arrays, m -> m.remove("normalizers.toy.std"));
            assertEquals(noStd + ": missing key 'normalizers.toy.std' (the target statistics come in pairs)",
                    assertThrows(IOException.class, () -> Weights.importModel(noStd, manager)).getMessage());
            Path stranger = rewrite("stranger.npz", arrays,
                    m -> m.put("normalizers.nobody.mean", m.get("normalizers.toy.mean")));
            assertEquals(stranger + ": unexpected key 'normalizers.nobody.mean', expected normalizers.<worker>.mean or"
                    + " .std for a worker of the model",
                    assertThrows(IOException.class, () -> Weights.importModel(stranger, manager)).getMessage());
        }
        try (PretrainedEncoder encoder = PretrainedEncoder.load(file)) {
            assertEquals(TinyRuns.EMB_DIM, encoder.config().embDim(), "an encoder reads a whole model's file");
        }
    }

    private Path rewrite(String name, Map<String, NpyArray> arrays, Consumer<Map<String, NpyArray>> edit)
            throws IOException {
        Map<String, NpyArray> copy = new LinkedHashMap<>(arrays);
        edit.accept(copy);
        Path file = tmp.resolve(name);
        Npz.write(file, copy);
        return file;
    }

    private static String message(Path file) {
        return assertThrows(IOException.class, () -> {
            try (PretrainedEncoder e = PretrainedEncoder.load(file)) {
                e.config();
            }
        }).getMessage();
    }
}
