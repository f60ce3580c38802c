package org.pase4j.train;

import ai.djl.ndarray.NDManager;
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
import org.pase4j.io.ModelFiles;
import org.pase4j.model.PaseModel;
import org.pase4j.util.BinaryFiles;
import org.pase4j.util.Checksums;
import org.pase4j.util.FileTrees;
import org.pase4j.util.Versions;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints under {@code <output_folder>/save/epoch-NNNN/}, as SpeechBrain lays them out: the model's
 * files as {@link ModelFiles} writes them (encoder, workers, target statistics, resolved configuration),
 * every optimiser's state ({@code optimizers.bin}), and the epoch, validation loss and software versions
 * ({@code checkpoint.properties}), with the SHA-256 of every file ({@code SHA256SUMS}, as {@code sha256sum}
 * writes it). A checkpoint is written to a temporary folder and renamed, so a crash or a full disk never leaves
 * a broken newest checkpoint, and one damaged afterwards is detected before it is used. Only the newest and the best by validation loss are kept,
 * {@code num_ckpts_keep} in all.
 */
public final class Checkpoints {

    private static final String OPTIMIZERS_FILE = "optimizers.bin";
    private static final String PROPERTIES_FILE = "checkpoint.properties";

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
        Path target = folder.resolve(String.format("%s%04d", ModelFiles.CHECKPOINT_PREFIX, state.epoch()));
        Path tmp = folder.resolve(".tmp-" + target.getFileName());
        try {
            FileTrees.delete(tmp);
            Files.createDirectories(tmp);
            ModelFiles.write(tmp, model, config);
            try (DataOutputStream out = BinaryFiles.write(tmp.resolve(OPTIMIZERS_FILE))) {
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
            try (Writer w = Files.newBufferedWriter(tmp.resolve(PROPERTIES_FILE), StandardCharsets.UTF_8)) {
                p.store(w, "pase4j checkpoint");
            }
            Checksums.write(tmp);
        } catch (IOException e) {
            try {
                FileTrees.delete(tmp);
            } catch (IOException ignored) {
                // the folder's name keeps it from being taken for a checkpoint
            }
            throw new IOException("the checkpoint of epoch " + state.epoch() + " could not be written (" + e.getMessage()
                    + "); " + latest().map(c -> "the newest checkpoint, " + c + ", is intact").orElse("none was written"
                    + " before"), e);
        }
        FileTrees.delete(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        prune();
        return target;
    }

    /**
     * @return the checkpoint of the latest epoch, if any (not checked)
     * @throws IOException if the folder cannot be listed
     */
    public Optional<Path> latest() throws IOException {
        return ModelFiles.checkpoints(folder).stream().reduce((a, b) -> b);
    }

    /**
     * The newest checkpoint whose files match their recorded checksums: a damaged newer one is skipped with a
     * warning that names the damaged file.
     *
     * @return the checkpoint, if any is intact
     * @throws IOException if the folder cannot be listed
     */
    public Optional<Path> latestIntact() throws IOException {
        List<Path> all = new ArrayList<>(ModelFiles.checkpoints(folder));
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                Checksums.verify(all.get(i));
                return Optional.of(all.get(i));
            } catch (IOException e) {
                LoggerFactory.getLogger(Checkpoints.class).warn("checkpoint {} is damaged ({}); {}", all.get(i),
                        e.getMessage(), i > 0 ? "falling back to " + all.get(i - 1) : "no older checkpoint to fall back to");
            }
        }
        return Optional.empty();
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
        ModelFiles.readParameters(checkpoint, model, manager);
        try (DataInputStream in = BinaryFiles.read(checkpoint.resolve(OPTIMIZERS_FILE))) {
            step.encoderOptimizer().load(in);
            for (Map.Entry<String, Adam> e : step.workerOptimizers().entrySet()) {
                expect(in.readUTF(), e.getKey(), checkpoint);
                e.getValue().load(in);
            }
        }
        Properties p = properties(checkpoint);
        return new State(Integer.parseInt(p.getProperty("epoch")), Double.parseDouble(p.getProperty("valid_loss")));
    }

    private static void expect(String found, String expected, Path checkpoint) throws IOException {
        if (!found.equals(expected)) {
            throw new IOException("checkpoint " + checkpoint + " holds worker '" + found + "' where the configuration has '"
                    + expected + "'");
        }
    }

    private void prune() throws IOException {
        List<Path> all = new ArrayList<>(ModelFiles.checkpoints(folder));
        Path newest = all.remove(all.size() - 1);
        Map<Path, Double> losses = new java.util.HashMap<>();
        for (Path p : all) {
            losses.put(p, validLoss(p));
        }
        all.sort(Comparator.comparing(losses::get));
        for (Path old : all.subList(Math.min(all.size(), keep - 1), all.size())) {
            FileTrees.delete(old);
        }
    }

    private static double validLoss(Path checkpoint) throws IOException {
        return Double.parseDouble(properties(checkpoint).getProperty("valid_loss", "Infinity"));
    }

    private static Properties properties(Path checkpoint) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(checkpoint.resolve(PROPERTIES_FILE), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
