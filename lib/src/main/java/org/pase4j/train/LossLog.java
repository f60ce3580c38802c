package org.pase4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's loss history in two files. {@code losses.csv} has one row per epoch, split ({@code train},
 * {@code valid}) and worker, with its mean loss and the learning rate it used (the {@code total} row,
 * the combined loss, carries the encoder's rate). {@code train_log.txt} has one readable line per
 * epoch, like SpeechBrain's. A resumed run first drops the rows of epochs after its checkpoint, so the
 * files always tell one consistent story. As a {@link TrainingListener} it appends every epoch's rows.
 */
public final class LossLog implements TrainingListener {

    private final Path file;
    private final Path text;
    private final List<String> workers;

    /**
     * Opens (or creates) the log.
     *
     * @param file the CSV file; the text log goes beside it
     * @param workers the worker names, in column order
     * @param keepUpToEpoch rows of later epochs are removed (0 starts a new file)
     * @throws IOException if the file cannot be written
     */
    public LossLog(Path file, List<String> workers, int keepUpToEpoch) throws IOException {
        this.file = file;
        this.text = file.resolveSibling("train_log.txt");
        this.workers = List.copyOf(workers);
        Files.createDirectories(file.toAbsolutePath().getParent());
        truncate(file, "epoch,split,worker,loss,learning_rate", keepUpToEpoch);
        truncate(text, null, keepUpToEpoch);
    }

    /**
     * Rewrites a per-epoch log so that it keeps its header and the lines of epochs up to {@code keep} (each
     * line starts with its epoch number, followed by a space, comma or colon): what a run resumed after epoch
     * {@code keep} does to its logs before appending.
     *
     * @param file the log (created when missing)
     * @param header its first line, or null for none
     * @param keep the last epoch kept (0: only the header)
     * @throws IOException if the file cannot be read or written
     */
    public static void truncate(Path file, String header, int keep) throws IOException {
        List<String> lines = new ArrayList<>();
        if (header != null) {
            lines.add(header);
        }
        if (keep > 0 && Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String first = line.split("[ ,:]", 2)[0];
                if (!line.equals(header) && first.matches("\\d+") && Integer.parseInt(first) <= keep) {
                    lines.add(line);
                }
            }
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /**
     * Appends an epoch's rows.
     *
     * @param epoch the epoch
     * @param train mean training losses by worker name, plus {@link TrainStep#TOTAL}
     * @param valid mean validation losses
     * @param lrEncoder the encoder's learning rate
     * @param lrWorkers the workers' learning rate
     * @param seconds how long the epoch took
     * @throws IOException if writing fails
     */
    public void append(int epoch, Map<String, Double> train, Map<String, Double> valid, float lrEncoder,
            float lrWorkers, double seconds) throws IOException {
        StringBuilder rows = new StringBuilder();
        for (Map.Entry<String, Map<String, Double>> split : Map.of("train", train, "valid", valid).entrySet()
                .stream().sorted(Map.Entry.comparingByKey()).toList()) {
            for (String w : workers) {
                rows.append(row(epoch, split.getKey(), w, split.getValue().get(w), lrWorkers));
            }
            rows.append(row(epoch, split.getKey(), TrainStep.TOTAL, split.getValue().get(TrainStep.TOTAL), lrEncoder));
        }
        Files.writeString(file, rows, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        String line = String.format(Locale.ROOT, "%d: lr_encoder: %.3g, lr_workers: %.3g, seconds: %.1f - train %s - "
                + "valid %s%n", epoch, lrEncoder, lrWorkers, seconds, describe(train), describe(valid));
        Files.writeString(text, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /**
     * Appends the epoch's rows.
     *
     * @param result the epoch
     * @throws UncheckedIOException if writing fails
     */
    @Override
    public void onEpoch(EpochResult result) {
        try {
            append(result.epoch(), result.train(), result.valid(), result.encoderLearningRate(),
                    result.workerLearningRate(), result.seconds());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String row(int epoch, String split, String worker, double loss, float lr) {
        return String.format(Locale.ROOT, "%d,%s,%s,%.6g,%s%n", epoch, split, worker, loss, lr);
    }

    private String describe(Map<String, Double> losses) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "loss: %.4f", losses.get(TrainStep.TOTAL)));
        for (String w : workers) {
            b.append(String.format(Locale.ROOT, ", %s: %.4g", w, losses.get(w)));
        }
        return b.toString();
    }
}
