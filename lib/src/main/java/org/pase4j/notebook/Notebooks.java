package org.pase4j.notebook;

import ai.djl.ndarray.NDArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pase4j.train.EpochResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What the notebooks in {@code notebooks/} share: their settings and the tables they print ({@link Charts},
 * {@link HeatMap} and {@link LossCharts} draw). Each notebook puts pase4j on its classpath (the jar's
 * manifest names its dependencies in {@code lib/}, so one line brings them all), then reads its settings in
 * one call:
 * <pre>{@code
 * %jars ../lib/target/pase4j.jar
 * }</pre>
 * <pre>{@code
 * import org.pase4j.notebook.Notebooks;
 * var settings = Notebooks.settings();   // PASE4J_FAST, PASE4J_DOWNLOAD and the folders
 * }</pre>
 * Environment variables choose the work, the d2l-java way: {@code PASE4J_FAST=1} runs the same cells on
 * tiny work (CI's fast mode) and {@code PASE4J_DOWNLOAD=1} makes {@code 01-data} download Mini
 * LibriSpeech. The notebooks need nothing but plain Java and {@code %jars}, so they run in
 * rapaio-jupyter-kernel ({@code notebooks/run.sh}), IJava and JJava alike.
 */
public final class Notebooks {

    /** The environment variable of fast mode: {@code 1} runs the notebooks on tiny work. */
    public static final String FAST = "PASE4J_FAST";
    /** The environment variable that makes {@code 01-data} download Mini LibriSpeech when {@code 1}. */
    public static final String DOWNLOAD = "PASE4J_DOWNLOAD";

    private Notebooks() {}

    /**
     * Reads the settings of a notebook that runs in the repository's {@code notebooks/} folder, the
     * working directory Jupyter gives it (the {@code %jars} paths assume it too).
     *
     * @return the settings, from the environment, with the parent of the working directory as the
     *     repository root
     * @throws IllegalArgumentException if {@code PASE4J_FAST} or {@code PASE4J_DOWNLOAD} is set to
     *     something other than {@code 0} or {@code 1}
     * @throws IllegalStateException if the parent of the working directory has no bundled corpus
     *     ({@code data/LibriSynth}): the notebook does not run in the repository's {@code notebooks/}
     */
    public static Settings settings() {
        Path workingDirectory = Path.of("").toAbsolutePath();
        Path root = workingDirectory.getParent();
        if (root == null || !Files.isDirectory(root.resolve("data").resolve("LibriSynth"))) {
            throw new IllegalStateException("no data/LibriSynth beside the working directory " + workingDirectory
                    + ": expected the notebooks to run in the repository's notebooks/ folder");
        }
        return Settings.of(System.getenv(), root);
    }

    /**
     * A notebook's settings and the folders that the four notebooks share. {@code 02-train} trains into
     * {@link #train()}; {@code 03-losses} and {@code 04-speaker-id} read that run, so they run after it
     * in the same mode.
     *
     * @param fast tiny work ({@code PASE4J_FAST=1}): the same cells, done in minutes
     * @param download whether {@code 01-data} downloads Mini LibriSpeech ({@code PASE4J_DOWNLOAD=1})
     *     instead of using the bundled corpus
     * @param root the repository root (made absolute and normalised)
     */
    public record Settings(boolean fast, boolean download, Path root) {

        /** Makes the root absolute and normalised. */
        public Settings {
            root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        }

        /**
         * Reads the settings from environment variables.
         *
         * @param environment the variables, e.g. {@link System#getenv()}: {@code PASE4J_FAST} and
         *     {@code PASE4J_DOWNLOAD}, each {@code 1} (on), {@code 0}, empty or unset (off)
         * @param root the repository root
         * @return the settings
         * @throws IllegalArgumentException if a variable has another value, naming it
         */
        public static Settings of(Map<String, String> environment, Path root) {
            return new Settings(flag(environment, FAST), flag(environment, DOWNLOAD), root);
        }

        /** @return the bundled corpus, {@code data/LibriSynth} (offline) */
        public Path corpus() {
            return root.resolve("data").resolve("LibriSynth");
        }

        /**
         * @return the folder the four notebooks share, {@code results/notebooks/fast} or
         *     {@code results/notebooks/full}
         */
        public Path run() {
            return root.resolve("results").resolve("notebooks").resolve(fast ? "fast" : "full");
        }

        /** @return {@code 02-train}'s output folder, {@code train} in {@link #run()} */
        public Path train() {
            return run().resolve("train");
        }

        /**
         * Checks that {@code 02-train} has run in this mode: its {@code losses.csv} and its checkpoints
         * ({@code save/}) are in {@link #train()}. The notebooks that read that run call this first.
         *
         * @return these settings
         * @throws IllegalStateException naming what is missing
         */
        public Settings requireTrained() {
            Path losses = train().resolve("losses.csv");
            Path save = train().resolve("save");
            Path missing = !Files.isRegularFile(losses) ? losses : !Files.isDirectory(save) ? save : null;
            if (missing != null) {
                throw new IllegalStateException("no " + missing + ": run 02-train first (same " + FAST + ")");
            }
            return this;
        }

        private static boolean flag(Map<String, String> environment, String name) {
            String value = environment.get(name);
            if (value == null || value.isEmpty() || value.equals("0")) {
                return false;
            }
            if (value.equals("1")) {
                return true;
            }
            throw new IllegalArgumentException(name + "=" + value + ": expected 1 (on) or 0 (off)");
        }
    }

    /**
     * The per-worker losses of a training run as a table: one row per epoch and split ({@code train},
     * {@code valid}), one column per worker and {@code total} (the combined loss), rounded to four decimals.
     *
     * @param history the epochs, e.g. {@code trainer.run().history()}
     * @return the table
     * @throws IllegalArgumentException if there is no epoch
     * @throws IllegalStateException naming the epoch, split and worker of a loss that is not finite
     */
    public static Table lossTable(List<EpochResult> history) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("no epoch: expected the history of a run that trained");
        }
        IntColumn epochs = IntColumn.create("epoch");
        StringColumn splits = StringColumn.create("split");
        Table table = Table.create("losses per epoch", epochs, splits);
        List<String> names = List.copyOf(history.get(0).train().keySet());
        names.forEach(w -> table.addColumns(DoubleColumn.create(w)));
        for (EpochResult epoch : history) {
            for (String split : List.of("train", "valid")) {
                Map<String, Double> losses = split.equals("train") ? epoch.train() : epoch.valid();
                epochs.append(epoch.epoch());
                splits.append(split);
                for (String w : names) {
                    Double v = losses.get(w);
                    if (v == null || !Double.isFinite(v)) {
                        throw new IllegalStateException(split + " loss of " + w + " in epoch " + epoch.epoch() + " is "
                                + v + ": expected a finite loss");
                    }
                    table.doubleColumn(w).append(Math.round(v * 1e4) / 1e4);
                }
            }
        }
        return table;
    }

    /**
     * Copies a two-dimensional float32 array to Java, for {@link HeatMap} or printing.
     *
     * @param a an array of shape {@code (rows, columns)}
     * @return its values as {@code [row][column]}
     * @throws IllegalArgumentException if the array is not two-dimensional
     */
    public static float[][] rows(NDArray a) {
        if (a.getShape().dimension() != 2) {
            throw new IllegalArgumentException("shape " + a.getShape() + ": expected (rows, columns)");
        }
        int r = (int) a.getShape().get(0);
        int c = (int) a.getShape().get(1);
        float[] flat = a.toFloatArray();
        float[][] out = new float[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(flat, i * c, out[i], 0, c);
        }
        return out;
    }
}
