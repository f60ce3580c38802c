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
import org.pase4j.util.FileTrees;
import org.pase4j.util.Versions;

/**
 * Checkpoints under {@code <output_folder>/save/epoch-NNNN/}, as SpeechBrain lays them out: the model's
 * files as {@link ModelFiles} writes them (encoder, workers, target statistics, resolved configuration),
 * every optimiser's state ({@code optimizers.bin}), and the epoch, validation loss and software versions
 * ({@code checkpoint.properties}). A checkpoint is written to a temporary folder and renamed, so a crash
 * never leaves a broken newest checkpoint. Only the newest and the best by validation loss are kept,
 * {@code num_ckpts_keep} in all.
 */
public final class Checkpoints {

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
        FileTrees.delete(tmp);
        Files.createDirectories(tmp);
        ModelFiles.write(tmp, model, config);
        try (DataOutputStream out = BinaryFiles.write(tmp.resolve("optimizers.bin"))) {
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
        FileTrees.delete(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        prune();
        return target;
    }

    /**
     * @return the checkpoint of the latest epoch, if any
     * @throws IOException if the folder cannot be listed
     */
    public Optional<Path> latest() throws IOException {
        return ModelFiles.checkpoints(folder).stream().reduce((a, b) -> b);
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
        try (DataInputStream in = BinaryFiles.read(checkpoint.resolve("optimizers.bin"))) {
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
        try (Reader r = Files.newBufferedReader(checkpoint.resolve("checkpoint.properties"), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
