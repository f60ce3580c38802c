package org.pase4j;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pase4j.model.ToyLabeller;
import org.pase4j.model.ToyWorker;

/** The configuration of tiny training runs for tests: a small encoder and the test-only worker. */
public final class TinyRuns {

    /** The tiny encoder's output size. */
    public static final int EMB_DIM = 20;

    private TinyRuns() {}

    /**
     * A configuration that trains in seconds on 12 bundled utterances of 0.2 s chunks.
     *
     * @param out the output folder
     * @param epochs the number of epochs
     * @return a mutable train.yaml mapping
     */
    public static Map<String, Object> config(Path out, int epochs) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("seed", 11);
        yaml.put("data_folder", TestFiles.bundledCorpus().toString());
        yaml.put("output_folder", out.toString());
        yaml.put("ckpt_save_interval", 1);
        yaml.put("num_ckpts_keep", 2);
        yaml.put("chunk_size", 3200);
        yaml.put("number_of_epochs", epochs);
        yaml.put("batch_size", 4);
        yaml.put("max_utterances", 12);
        yaml.put("encoder_lr_start", 0.002);
        yaml.put("worker_lr_start", 0.01);
        yaml.put("lr_update_interval", 2);
        yaml.put("encoder_model", Map.of("use_qrnn", false, "use_skip_conns", true, "blocks_channels",
                List.of(16, 32, EMB_DIM), "blocks_kernel_sizes", List.of(51, 21, 1), "blocks_strides",
                List.of(1, 160, 1)));
        yaml.put("workers_config", Map.of("regressor", List.of("toy")));
        yaml.put("toy_model", Map.of("class", ToyWorker.class.getName()));
        yaml.put("toy_labeller", ToyLabeller.class.getName());
        return yaml;
    }

    /**
     * Starts {@code pase4j train CONFIG} in a child JVM with the tests' class path and single-threaded libtorch,
     * so that its losses match an in-process run's, and waits (at most two minutes) until {@code awaited}, e.g.
     * a checkpoint folder, exists or the child ends.
     *
     * @param config the train.yaml
     * @param log where the child's output goes
     * @param awaited the path to wait for
     * @return the child, still running unless it ended early
     * @throws java.io.IOException if it cannot be started
     * @throws InterruptedException if the wait is interrupted
     */
    public static Process trainInChildUntil(Path config, Path log, Path awaited) throws java.io.IOException,
            InterruptedException {
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(launcher, "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1", "-Dpase4j.progress=false",
                "org.pase4j.cli.Pase4j", "train", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!java.nio.file.Files.exists(awaited) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return child;
    }

    /**
     * @param out a run's output folder
     * @return the lines of its {@code losses.csv}, header first
     * @throws java.io.IOException if it cannot be read
     */
    public static List<String> lossRows(Path out) throws java.io.IOException {
        return java.nio.file.Files.readAllLines(out.resolve("losses.csv"));
    }
}
