package org.pase4j.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.pase4j.label.TargetNormalizer;
import org.pase4j.model.Encoder;
import org.pase4j.model.EncoderConfig;
import org.pase4j.model.ModelSpec;
import org.pase4j.model.PaseModel;
import org.pase4j.util.Options;
import org.pase4j.util.YamlFiles;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Exports an encoder, or a whole model with its workers, to a NumPy {@code .npz} file that PyTorch
 * loads in one line ({@code pase4j_torch.load_encoder(path)}), and imports such a file.
 *
 * <p>The file holds one float32 array per parameter under its {@link StateDict} key (BatchNorm running
 * statistics included) and, under {@value #CONFIG_KEY}, the architecture: the UTF-8 text of a YAML
 * mapping as a uint8 array, with {@code encoder_model} (every key of train.yaml's section) and, for a
 * whole model, {@code workers_config}, {@code loss_combination} and every worker's {@code <name>_model}
 * and {@code <name>_labeller}. pase4j writes that text as JSON, a subset of YAML that Python reads with
 * its standard library. A whole model trained on z-scored targets also holds each regressor's target
 * statistics, {@code normalizers.<name>.mean} and {@code normalizers.<name>.std}, of shape
 * {@code (1, C, 1)}.
 */
public final class Weights {

    /** The key of the embedded configuration. */
    public static final String CONFIG_KEY = "__config__";
    /** The prefix of the target normalisation statistics, followed by the worker's name and a dot. */
    public static final String NORMALIZERS = "normalizers.";

    /** Input length the imported blocks are initialised for; parameter shapes do not depend on it. */
    private static final int INIT_SAMPLES = 16_000;

    private Weights() {}

    /**
     * Writes an encoder's parameters and architecture.
     *
     * @param encoder an initialised encoder
     * @param file the {@code .npz} file, written atomically
     * @throws IOException if it cannot be written
     */
    public static void export(Encoder encoder, Path file) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("encoder_model", encoder.config().toMap());
        write(file, StateDict.of(encoder, StateDict.ENCODER), config, Map.of());
    }

    /**
     * Writes a whole model: encoder and workers, with the configuration sections that rebuild it
     * ({@link ModelSpec#toMap}).
     *
     * @param model an initialised model
     * @param file the {@code .npz} file, written atomically
     * @throws IOException if it cannot be written
     */
    public static void export(PaseModel model, Path file) throws IOException {
        Map<String, NpyArray> normalizers = new LinkedHashMap<>();
        model.normalizers().forEach((name, n) -> {
            normalizers.put(NORMALIZERS + name + ".mean", array(n.mean()));
            normalizers.put(NORMALIZERS + name + ".std", array(n.std()));
        });
        write(file, StateDict.of(model), model.spec().toMap(), normalizers);
    }

    private static NpyArray array(NDArray a) {
        return NpyArray.ofFloats(a.getShape().getShape(), a.toFloatArray());
    }

    private static void write(Path file, StateDict dict, Map<String, Object> config, Map<String, NpyArray> extra)
            throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(config) + "\n";
        arrays.put(CONFIG_KEY, NpyArray.ofBytes(text.getBytes(StandardCharsets.UTF_8)));
        arrays.putAll(dict.toArrays());
        arrays.putAll(extra);
        Npz.write(file, arrays);
    }

    /**
     * Reads the configuration embedded in a file.
     *
     * @param file a {@code .npz} file written by {@link #export} or {@code pase4j_torch.save}
     * @return the mapping
     * @throws IOException naming the file if it is not an archive or lacks a readable configuration
     */
    public static Map<String, Object> config(Path file) throws IOException {
        return config(Npz.read(file), file);
    }

    /**
     * Builds an encoder from a file: its architecture from {@value #CONFIG_KEY}, its parameters from
     * the {@code encoder.} keys (a whole model's file works too; its workers are ignored).
     *
     * @param file the {@code .npz} file
     * @param manager owns the parameters
     * @return the encoder, initialised
     * @throws IOException naming the file and key of a missing, unexpected or misshaped parameter, or
     *     a missing or invalid configuration
     */
    public static Encoder importEncoder(Path file, NDManager manager) throws IOException {
        Map<String, NpyArray> arrays = Npz.read(file);
        Map<String, Object> config = config(arrays, file);
        Encoder encoder;
        try {
            encoder = new Encoder(EncoderConfig.from(new Options("encoder_model", section(config, "encoder_model", file))));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1, INIT_SAMPLES));
        load(StateDict.of(encoder, StateDict.ENCODER), arrays, file,
                key -> key.startsWith(StateDict.WORKERS) || key.startsWith(NORMALIZERS));
        return encoder;
    }

    /**
     * Builds a whole model from a file written with its workers, with its target normalisation
     * statistics if it has any.
     *
     * @param file the {@code .npz} file
     * @param manager owns the parameters
     * @return the model, initialised
     * @throws IOException naming the file and key of a missing, unexpected or misshaped parameter, or
     *     a missing or invalid configuration
     */
    public static PaseModel importModel(Path file, NDManager manager) throws IOException {
        Map<String, NpyArray> arrays = Npz.read(file);
        Map<String, Object> config = config(arrays, file);
        section(config, "workers_config", file);
        PaseModel model;
        try {
            model = PaseModel.fromConfig(config);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        model.initialize(manager, INIT_SAMPLES);
        load(StateDict.of(model), arrays, file, key -> key.startsWith(NORMALIZERS));
        loadNormalizers(model, arrays, file, manager);
        return model;
    }

    private static void loadNormalizers(PaseModel model, Map<String, NpyArray> arrays, Path file, NDManager manager)
            throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String key : arrays.keySet()) {
            if (key.startsWith(NORMALIZERS)) {
                String name = key.substring(NORMALIZERS.length(), Math.max(NORMALIZERS.length(), key.lastIndexOf('.')));
                if (!(key.endsWith(".mean") || key.endsWith(".std"))
                        || model.workers().stream().noneMatch(w -> w.name().equals(name))) {
                    throw new IOException(file + ": unexpected key '" + key + "', expected " + NORMALIZERS
                            + "<worker>.mean or .std for a worker of the model");
                }
                names.add(name);
            }
        }
        for (String name : names) {
            float[][] statistics = new float[2][];
            long channels = -1;
            for (int i = 0; i < 2; i++) {
                String key = NORMALIZERS + name + (i == 0 ? ".mean" : ".std");
                NpyArray a = arrays.get(key);
                if (a == null) {
                    throw new IOException(file + ": missing key '" + key + "' (the target statistics come in pairs)");
                }
                long[] s = a.shape();
                if (!a.dtype().equals(NpyArray.FLOAT32) || s.length != 3 || s[0] != 1 || s[2] != 1
                        || channels >= 0 && s[1] != channels) {
                    throw new IOException(file + ": key '" + key + "' has dtype '" + a.dtype() + "' and shape "
                            + NpyArray.shapeText(s) + ", expected float32 (1, C, 1) with the same C for mean and std");
                }
                channels = s[1];
                statistics[i] = a.floats();
            }
            try {
                model.setNormalizer(name, TargetNormalizer.of(statistics[0], statistics[1], manager));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
    }

    private static void load(StateDict dict, Map<String, NpyArray> arrays, Path file, Predicate<String> ignored)
            throws IOException {
        for (String key : arrays.keySet()) {
            if (!key.equals(CONFIG_KEY) && !ignored.test(key) && !dict.parameters().containsKey(key)) {
                throw new IOException(file + ": unexpected key '" + key + "', the model built from its "
                        + CONFIG_KEY + " has no such parameter");
            }
        }
        try {
            dict.load(arrays, file.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static Map<String, Object> config(Map<String, NpyArray> arrays, Path file) throws IOException {
        NpyArray entry = arrays.get(CONFIG_KEY);
        if (entry == null) {
            throw new IOException(file + ": missing key '" + CONFIG_KEY + "' (the configuration as UTF-8 YAML text),"
                    + " expected a file written by pase4j export or pase4j_torch.save");
        }
        if (!entry.dtype().equals(NpyArray.UINT8)) {
            throw new IOException(file + ": key '" + CONFIG_KEY + "' has dtype '" + entry.dtype()
                    + "', expected uint8 '" + NpyArray.UINT8 + "' (UTF-8 YAML text)");
        }
        try {
            return YamlFiles.mapping(YamlFiles.safeLoader().load(new String(entry.bytes(), StandardCharsets.UTF_8)));
        } catch (YAMLException e) {
            throw new IOException(file + ": key '" + CONFIG_KEY + "' is not YAML: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": key '" + CONFIG_KEY + "': " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> config, String key, Path file) throws IOException {
        if (config.get(key) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IOException(file + ": the configuration in '" + CONFIG_KEY + "' has no mapping '" + key + "'");
    }
}
