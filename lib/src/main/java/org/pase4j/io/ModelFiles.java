package org.pase4j.io;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.pase4j.config.ConfigFile;
import org.pase4j.interop.Weights;
import org.pase4j.label.TargetNormalizer;
import org.pase4j.model.Encoder;
import org.pase4j.model.EncoderConfig;
import org.pase4j.model.PaseModel;
import org.pase4j.model.WorkerSlot;
import org.pase4j.util.BinaryFiles;
import org.pase4j.util.Checksums;
import org.pase4j.util.Options;
import org.pase4j.util.YamlFiles;

/**
 * Where trained models live on disk, in one place: load an encoder or a whole model (encoder, workers and
 * target statistics) from a checkpoint folder, a {@code save} folder, a training output folder (its newest
 * checkpoint) or a NumPy {@code .npz} file; write the model part of a checkpoint; export to {@code .npz}.
 * <pre>{@code
 * try (NDManager manager = NDManager.newBaseManager()) {
 *     PaseModel model = ModelFiles.loadModel(Path.of("results/quick/1986"), manager);
 * }
 * }</pre>
 * A checkpoint folder ({@code save/epoch-NNNN/}) holds {@value #ENCODER_FILE} with its architecture in
 * {@value #ENCODER_CONFIG_FILE} (all an encoder user needs), {@value #WORKERS_FILE},
 * {@value #NORMALIZERS_FILE} and the run's resolved {@value #CONFIG_FILE}; the trainer adds its optimiser
 * state. The {@code .npz} layout is {@link Weights}'.
 */
public final class ModelFiles {

    /** The encoder's parameters inside a checkpoint, BatchNorm statistics included. */
    public static final String ENCODER_FILE = "encoder.params";
    /** The encoder's architecture inside a checkpoint ({@code encoder_model} of the configuration). */
    public static final String ENCODER_CONFIG_FILE = "encoder.yaml";
    /** Every worker's parameters inside a checkpoint, each after its name. */
    public static final String WORKERS_FILE = "workers.params";
    /** The regression targets' z-score statistics inside a checkpoint (none when targets are raw). */
    public static final String NORMALIZERS_FILE = "normalizers.bin";
    /** The resolved configuration of the run inside a checkpoint. */
    public static final String CONFIG_FILE = "config.yaml";
    /** The name of a checkpoint folder is this prefix and the epoch, four digits. */
    public static final String CHECKPOINT_PREFIX = "epoch-";

    /** Input length blocks are initialised for; parameter shapes do not depend on it. */
    private static final int INIT_SAMPLES = 16_000;

    private ModelFiles() {}

    /**
     * @param path a path
     * @return whether it names a {@code .npz} file rather than a folder
     */
    public static boolean isNpz(Path path) {
        return !Files.isDirectory(path) && path.getFileName().toString().endsWith(".npz");
    }

    /**
     * Finds a checkpoint: the folder itself if it holds {@value #ENCODER_FILE}, else the newest
     * {@code epoch-N} folder in it or in its {@code save} folder.
     *
     * @param path a checkpoint folder, a {@code save} folder or a training output folder
     * @return the checkpoint folder
     * @throws IOException if there is no checkpoint there
     */
    public static Path checkpoint(Path path) throws IOException {
        if (Files.isRegularFile(path.resolve(ENCODER_FILE))) {
            return path;
        }
        for (Path save : List.of(path, path.resolve("save"))) {
            Optional<Path> latest = checkpoints(save).stream().reduce((a, b) -> b);
            if (latest.isPresent()) {
                return latest.get();
            }
        }
        throw new IOException("no encoder in " + path + ": expected a checkpoint folder with " + ENCODER_FILE
                + " and " + ENCODER_CONFIG_FILE + ", a training output folder holding save/epoch-N/, or a .npz file");
    }

    /**
     * The checkpoint folders of a {@code save} folder, oldest first.
     *
     * @param save the folder
     * @return its {@code epoch-N} folders in epoch order; empty if it does not exist
     * @throws IOException if it cannot be listed
     */
    public static List<Path> checkpoints(Path save) throws IOException {
        if (!Files.isDirectory(save)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(save)) {
            return s.filter(p -> p.getFileName().toString().startsWith(CHECKPOINT_PREFIX) && Files.isDirectory(p))
                    .sorted(Comparator.comparing(Path::getFileName)).toList();
        }
    }

    /**
     * Loads a trained encoder, initialised, in evaluation-ready form.
     *
     * @param path a checkpoint, {@code save} or training output folder, or a {@code .npz} file
     * @param manager owns the parameters
     * @return the encoder
     * @throws IOException naming the file if no encoder is found, it was damaged after it was written, or its
     *     files do not fit together
     */
    public static Encoder loadEncoder(Path path, NDManager manager) throws IOException {
        if (isNpz(path)) {
            return Weights.importEncoder(path, manager);
        }
        Path checkpoint = checkpoint(path);
        Checksums.verify(checkpoint);
        Path architecture = checkpoint.resolve(ENCODER_CONFIG_FILE);
        Object section = ConfigFile.load(architecture, List.of()).get("encoder_model");
        if (!(section instanceof Map<?, ?>)) {
            throw new IOException(architecture + ": expected a mapping encoder_model");
        }
        @SuppressWarnings("unchecked")
        Encoder encoder = new Encoder(EncoderConfig.from(new Options("encoder_model", (Map<String, Object>) section)));
        encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1, INIT_SAMPLES));
        try (DataInputStream in = BinaryFiles.read(checkpoint.resolve(ENCODER_FILE))) {
            encoder.loadParameters(manager, in);
        } catch (MalformedModelException | RuntimeException e) {
            throw new IOException(checkpoint.resolve(ENCODER_FILE) + " does not fit " + architecture + ": "
                    + e.getMessage(), e);
        }
        return encoder;
    }

    /**
     * Loads a whole trained model: encoder, workers and target statistics, initialised.
     *
     * @param path a checkpoint, {@code save} or training output folder, or a {@code .npz} file exported with
     *     its workers
     * @param manager owns the parameters
     * @return the model
     * @throws IOException naming the file if no model is found or its files do not fit together
     */
    public static PaseModel loadModel(Path path, NDManager manager) throws IOException {
        if (isNpz(path)) {
            return Weights.importModel(path, manager);
        }
        Path checkpoint = checkpoint(path);
        PaseModel model;
        try {
            model = PaseModel.fromConfig(config(checkpoint));
        } catch (IllegalArgumentException e) {
            throw new IOException(checkpoint.resolve(CONFIG_FILE) + ": " + e.getMessage(), e);
        }
        model.initialize(manager, INIT_SAMPLES);
        readParameters(checkpoint, model, manager);
        return model;
    }

    /**
     * The configuration a model was trained with: a checkpoint's {@value #CONFIG_FILE} or the one inside a
     * {@code .npz} file.
     *
     * @param path a checkpoint, {@code save} or training output folder, or a {@code .npz} file
     * @return the resolved mapping
     * @throws IOException if it is missing or unreadable
     */
    public static Map<String, Object> config(Path path) throws IOException {
        return isNpz(path) ? Weights.config(path) : ConfigFile.load(checkpoint(path).resolve(CONFIG_FILE), List.of());
    }

    /**
     * Writes the model part of a checkpoint into a folder: parameters, the encoder's architecture, target
     * statistics and the configuration.
     *
     * @param folder an existing folder
     * @param model the model
     * @param config the resolved configuration to record
     * @throws IOException if writing fails
     */
    public static void write(Path folder, PaseModel model, Map<String, Object> config) throws IOException {
        try (DataOutputStream out = BinaryFiles.write(folder.resolve(ENCODER_FILE))) {
            model.encoder().saveParameters(out);
        }
        YamlFiles.write(folder.resolve(ENCODER_CONFIG_FILE), Map.of("encoder_model", model.spec().encoder().toMap()));
        try (DataOutputStream out = BinaryFiles.write(folder.resolve(WORKERS_FILE))) {
            for (WorkerSlot w : model.workers()) {
                out.writeUTF(w.name());
                w.worker().saveParameters(out);
            }
        }
        try (DataOutputStream out = BinaryFiles.write(folder.resolve(NORMALIZERS_FILE))) {
            out.writeInt(model.normalizers().size());
            for (Map.Entry<String, TargetNormalizer> e : model.normalizers().entrySet()) {
                out.writeUTF(e.getKey());
                byte[] bytes = e.getValue().encode();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
        YamlFiles.write(folder.resolve(CONFIG_FILE), config);
    }

    /**
     * Restores a checkpoint's parameters (encoder and workers, BatchNorm statistics included) and target
     * statistics into an initialised model.
     *
     * @param checkpoint the checkpoint folder
     * @param model the model, built from the checkpoint's configuration
     * @param manager owns the model's parameters
     * @throws IOException if the checkpoint is unreadable, damaged (its files differ from their recorded
     *     checksums) or does not fit the model
     */
    public static void readParameters(Path checkpoint, PaseModel model, NDManager manager) throws IOException {
        Checksums.verify(checkpoint);
        try (DataInputStream in = BinaryFiles.read(checkpoint.resolve(ENCODER_FILE))) {
            model.encoder().loadParameters(manager, in);
        } catch (MalformedModelException | RuntimeException e) {
            throw new IOException("checkpoint " + checkpoint + " does not fit the configured encoder: " + e.getMessage(), e);
        }
        try (DataInputStream in = BinaryFiles.read(checkpoint.resolve(WORKERS_FILE))) {
            for (WorkerSlot w : model.workers()) {
                String found = in.readUTF();
                if (!found.equals(w.name())) {
                    throw new IOException("checkpoint " + checkpoint + " holds worker '" + found
                            + "' where the configuration has '" + w.name() + "'");
                }
                w.worker().loadParameters(manager, in);
            }
        } catch (MalformedModelException | RuntimeException e) {
            throw new IOException("checkpoint " + checkpoint + " does not fit the configured model: " + e.getMessage(), e);
        }
        try (DataInputStream in = BinaryFiles.read(checkpoint.resolve(NORMALIZERS_FILE))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                model.setNormalizer(name, TargetNormalizer.decode(bytes, manager));
            }
        }
    }

    /**
     * Exports an encoder to a {@code .npz} file that PyTorch reads ({@link Weights#export(Encoder, Path)}).
     *
     * @param encoder an initialised encoder
     * @param file the file, written atomically
     * @throws IOException if it cannot be written
     */
    public static void exportEncoder(Encoder encoder, Path file) throws IOException {
        Weights.export(encoder, file);
    }

    /**
     * Exports a whole model with its workers and target statistics ({@link Weights#export(PaseModel, Path)}).
     *
     * @param model an initialised model
     * @param file the file, written atomically
     * @throws IOException if it cannot be written
     */
    public static void exportModel(PaseModel model, Path file) throws IOException {
        Weights.export(model, file);
    }

}
