package org.pase4j.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.pase4j.data.ArchiveExtractor;
import org.pase4j.label.TargetNormalizer;
import org.pase4j.model.PaseModel;
import org.pase4j.model.WorkerSlot;
import org.pase4j.util.Versions;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Checkpoints under {@code <output_folder>/save/epoch-NNNN/}, as SpeechBrain lays them out: the
 * parameters of the encoder ({@code encoder.params} with its architecture in {@code encoder.yaml}, all a
 * downstream user needs) and of every worker ({@code workers.params}), BatchNorm statistics included,
 * the target normalisation statistics if any ({@code normalizers.bin}), every optimiser's state,
 * the epoch and validation loss, the resolved configuration and the software versions. A checkpoint is
 * written to a temporary folder and renamed, so a crash never leaves a broken newest checkpoint. Only
 * the newest and the best by validation loss are kept, {@code num_ckpts_keep} in all.
 */
public final class Checkpoints {

    /** The encoder's parameters inside a checkpoint: what downstream use and {@code embed} load. */
    public static final String ENCODER_FILE = "encoder.params";
    /** The encoder's architecture inside a checkpoint ({@code encoder_model} of the configuration). */
    public static final String ENCODER_CONFIG_FILE = "encoder.yaml";
    /** The resolved configuration of the run inside a checkpoint. */
    public static final String CONFIG_FILE = "config.yaml";

    private static final String PREFIX = "epoch-";

    private final Path folder;
    private final int keep;

    /**
     * Manages a checkpoint folder.
     *
     * @param folder the {@code save} folder
     * @param keep how many checkpoints to keep (at least 1)
     */
    public Checkpoints(Path folder, int keep) {
        this.folder = folder;
        this.keep = keep;
    }

    /**
     * What a checkpoint records about the run besides the weights.
     *
     * @param epoch the last finished epoch
     * @param validLoss the validation loss after it
     */
    public record State(int epoch, double validLoss) {}

    /**
     * Writes a checkpoint and prunes old ones.
     *
     * @param state epoch and validation loss
     * @param model the model
     * @param step the optimisers
     * @param config the resolved configuration
     * @return the checkpoint folder
     * @throws IOException if writing fails (the previous checkpoints are untouched)
     */
    public Path save(State state, PaseModel model, TrainStep step, Map<String, Object> config) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(String.format("%s%04d", PREFIX, state.epoch()));
        Path tmp = folder.resolve(".tmp-" + target.getFileName());
        ArchiveExtractor.deleteTree(tmp);
        Files.createDirectories(tmp);
        try (DataOutputStream out = output(tmp.resolve(ENCODER_FILE))) {
            model.encoder().saveParameters(out);
        }
        writeYaml(tmp.resolve(ENCODER_CONFIG_FILE), Map.of("encoder_model", config.get("encoder_model")));
        try (DataOutputStream out = output(tmp.resolve("workers.params"))) {
            for (WorkerSlot w : model.workers()) {
                out.writeUTF(w.name());
                w.worker().saveParameters(out);
            }
        }
        try (DataOutputStream out = output(tmp.resolve("normalizers.bin"))) {
            out.writeInt(model.normalizers().size());
            for (Map.Entry<String, TargetNormalizer> e : model.normalizers().entrySet()) {
                out.writeUTF(e.getKey());
                byte[] bytes = e.getValue().encode();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
        try (DataOutputStream out = output(tmp.resolve("optimizers.bin"))) {
            step.encoderOptimizer().save(out);
            for (Map.Entry<String, Adam> e : step.workerOptimizers().entrySet()) {
                out.writeUTF(e.getKey());
                e.getValue().save(out);
            }
        }
        Properties p = new Properties();
        p.setProperty("epoch", Integer.toString(state.epoch()));
        p.setProperty("valid_loss", Double.toString(state.validLoss()));
        Versions.all().forEach((k, v) -> p.setProperty("version." + k, v));
        try (Writer w = Files.newBufferedWriter(tmp.resolve("checkpoint.properties"), StandardCharsets.UTF_8)) {
            p.store(w, "pase4j checkpoint");
        }
        writeYaml(tmp.resolve(CONFIG_FILE), config);
        ArchiveExtractor.deleteTree(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        prune();
        return target;
    }

    /**
     * Writes a mapping as YAML.
     *
     * @param file the file
     * @param config the mapping
     * @throws IOException if writing fails
     */
    public static void writeYaml(Path file, Map<String, Object> config) throws IOException {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            new Yaml(options).dump(config, w);
        }
    }

    private static DataOutputStream output(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    /**
     * @return the checkpoint of the latest epoch, if any
     * @throws IOException if the folder cannot be listed
     */
    public Optional<Path> latest() throws IOException {
        return list().stream().max(Comparator.comparing(Path::getFileName));
    }

    /**
     * Restores a checkpoint into an initialised model and its optimisers.
     *
     * @param checkpoint the checkpoint folder
     * @param model the model, built from the same configuration
     * @param manager the manager that owns the model's parameters
     * @param step the optimisers
     * @return the recorded state
     * @throws IOException if the checkpoint is unreadable or does not fit the model
     */
    public static State load(Path checkpoint, PaseModel model, NDManager manager, TrainStep step) throws IOException {
        loadParameters(checkpoint, model, manager);
        try (DataInputStream in = input(checkpoint.resolve("optimizers.bin"))) {
            step.encoderOptimizer().load(in);
            for (Map.Entry<String, Adam> e : step.workerOptimizers().entrySet()) {
                expect(in.readUTF(), e.getKey(), checkpoint);
                e.getValue().load(in);
            }
        }
        Properties p = properties(checkpoint);
        return new State(Integer.parseInt(p.getProperty("epoch")), Double.parseDouble(p.getProperty("valid_loss")));
    }

    /**
     * Restores a checkpoint's parameters (encoder and workers, BatchNorm statistics included) and target
     * normalisation statistics into an initialised model, without the optimisers' state.
     *
     * @param checkpoint the checkpoint folder
     * @param model the model, built from the checkpoint's configuration ({@link #config})
     * @param manager the manager that owns the model's parameters
     * @throws IOException if the checkpoint is unreadable or does not fit the model
     */
    public static void loadParameters(Path checkpoint, PaseModel model, NDManager manager) throws IOException {
        try (DataInputStream in = input(checkpoint.resolve(ENCODER_FILE))) {
            model.encoder().loadParameters(manager, in);
        } catch (MalformedModelException | RuntimeException e) {
            throw new IOException("checkpoint " + checkpoint + " does not fit the configured encoder: " + e.getMessage(), e);
        }
        try (DataInputStream in = input(checkpoint.resolve("workers.params"))) {
            for (WorkerSlot w : model.workers()) {
                expect(in.readUTF(), w.name(), checkpoint);
                w.worker().loadParameters(manager, in);
            }
        } catch (MalformedModelException | RuntimeException e) {
            throw new IOException("checkpoint " + checkpoint + " does not fit the configured model: " + e.getMessage(), e);
        }
        try (DataInputStream in = input(checkpoint.resolve("normalizers.bin"))) {
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
     * The resolved configuration a checkpoint was trained with ({@code config.yaml}).
     *
     * @param checkpoint the checkpoint folder
     * @return the mapping
     * @throws IOException if it is missing or unreadable
     */
    public static Map<String, Object> config(Path checkpoint) throws IOException {
        return ConfigFile.load(checkpoint.resolve(CONFIG_FILE), List.of());
    }

    /**
     * Finds a checkpoint: the folder itself if it holds {@value #ENCODER_FILE}, else the newest
     * {@code epoch-N} folder in it or in its {@code save} folder.
     *
     * @param path a checkpoint folder, a {@code save} folder or a training output folder
     * @return the checkpoint folder
     * @throws IOException if there is no checkpoint there
     */
    public static Path resolve(Path path) throws IOException {
        if (Files.isRegularFile(path.resolve(ENCODER_FILE))) {
            return path;
        }
        for (Path save : List.of(path, path.resolve("save"))) {
            Optional<Path> latest = new Checkpoints(save, Integer.MAX_VALUE).latest();
            if (latest.isPresent()) {
                return latest.get();
            }
        }
        throw new IOException("no encoder in " + path + ": expected a checkpoint folder with "
                + ENCODER_FILE + " and " + ENCODER_CONFIG_FILE
                + ", or a training output folder holding save/epoch-N/");
    }

    private static void expect(String found, String expected, Path checkpoint) throws IOException {
        if (!found.equals(expected)) {
            throw new IOException("checkpoint " + checkpoint + " holds worker '" + found + "' where the configuration has '"
                    + expected + "'");
        }
    }

    private static DataInputStream input(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    private List<Path> list() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p)).toList();
        }
    }

    private void prune() throws IOException {
        List<Path> all = new ArrayList<>(list());
        all.sort(Comparator.comparing(Path::getFileName));
        Path newest = all.remove(all.size() - 1);
        Map<Path, Double> losses = new java.util.HashMap<>();
        for (Path p : all) {
            losses.put(p, validLoss(p));
        }
        all.sort(Comparator.comparing(losses::get));
        for (Path old : all.subList(Math.min(all.size(), keep - 1), all.size())) {
            ArchiveExtractor.deleteTree(old);
        }
    }

    private static double validLoss(Path checkpoint) throws IOException {
        return Double.parseDouble(properties(checkpoint).getProperty("valid_loss", "Infinity"));
    }

    private static Properties properties(Path checkpoint) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(checkpoint.resolve("checkpoint.properties"), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
