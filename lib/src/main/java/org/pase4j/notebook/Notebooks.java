package org.pase4j.notebook;

import ai.djl.ndarray.NDArray;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the notebooks in {@code notebooks/} share: their settings and their plotting helpers. Each
 * notebook puts pase4j on its classpath, then reads its settings in one call:
 * <pre>{@code
 * %jars ../lib/target/pase4j.jar
 * %jars ../lib/target/lib
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
     * Paints a matrix as a heat map, row 0 at the bottom (a spectrogram's low frequencies, coefficient 0 of
     * MFCCs), from dark blue ({@code lo}) through green to bright orange ({@code hi}). Each pixel shows the
     * nearest element, so the image may be larger or smaller than the matrix; values outside
     * {@code [lo, hi]} are clamped. Show it in a notebook with {@code display(image)}.
     *
     * @param m the matrix, {@code [row][column]}, rectangular
     * @param width the image width in pixels
     * @param height the image height in pixels
     * @param lo the value painted darkest
     * @param hi the value painted brightest, above {@code lo}
     * @return the image
     * @throws IllegalArgumentException if the matrix is empty, the size is not positive or
     *     {@code lo >= hi}
     */
    public static BufferedImage heatMap(float[][] m, int width, int height, float lo, float hi) {
        if (m.length == 0 || m[0].length == 0) {
            throw new IllegalArgumentException("empty matrix: expected at least one row and one column");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size " + width + " x " + height + ": expected positive");
        }
        if (!(lo < hi)) {
            throw new IllegalArgumentException("range [" + lo + ", " + hi + "]: expected lo < hi");
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int rows = m.length;
        int cols = m[0].length;
        for (int y = 0; y < height; y++) {
            float[] row = m[(int) ((long) (height - 1 - y) * rows / height)];
            for (int x = 0; x < width; x++) {
                float t = (row[(int) ((long) x * cols / width)] - lo) / (hi - lo);
                t = Math.max(0, Math.min(1, t));
                img.setRGB(x, y, Color.HSBtoRGB(0.72f - 0.6f * t, 0.9f, 0.15f + 0.85f * t));
            }
        }
        return img;
    }

    /**
     * Copies a two-dimensional float32 array to Java, for {@link #heatMap} or printing.
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
