package org.pase4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code losses.csv}: one row per epoch and phase ({@code train}, {@code valid}) with every worker's mean
 * loss, the combined loss, the learning rates used and the seconds the phase took. A resumed run first
 * drops the rows of epochs after its checkpoint, so the file always tells one consistent story.
 */
public final class LossLog {

    private final Path file;
    private final List<String> workers;

    /**
     * Opens (or creates) the log.
     *
     * @param file the CSV file
     * @param workers the worker names, in column order
     * @param keepUpToEpoch rows of later epochs are removed (0 starts a new file)
     * @throws IOException if the file cannot be written
     */
    public LossLog(Path file, List<String> workers, int keepUpToEpoch) throws IOException {
        this.file = file;
        this.workers = List.copyOf(workers);
        String header = "epoch,phase," + String.join(",", workers) + ",total,lr_encoder,lr_workers,seconds";
        List<String> lines = new ArrayList<>();
        lines.add(header);
        if (keepUpToEpoch > 0 && Files.isRegularFile(file)) {
            List<String> old = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : old.subList(1, old.size())) {
                if (Integer.parseInt(line.substring(0, line.indexOf(','))) <= keepUpToEpoch) {
                    lines.add(line);
                }
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /**
     * Appends a row.
     *
     * @param epoch the epoch
     * @param phase {@code train} or {@code valid}
     * @param losses mean losses by worker name, plus {@link TrainStep#TOTAL}
     * @param lrEncoder the encoder's learning rate
     * @param lrWorkers the workers' learning rate
     * @param seconds how long the phase took
     * @throws IOException if writing fails
     */
    public void append(int epoch, String phase, Map<String, Double> losses, float lrEncoder, float lrWorkers,
            double seconds) throws IOException {
        StringBuilder row = new StringBuilder().append(epoch).append(',').append(phase);
        for (String w : workers) {
            row.append(',').append(format(losses.get(w)));
        }
        row.append(',').append(format(losses.get(TrainStep.TOTAL)))
                .append(',').append(lrEncoder).append(',').append(lrWorkers)
                .append(',').append(String.format(Locale.ROOT, "%.2f", seconds)).append('\n');
        Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static String format(Double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
