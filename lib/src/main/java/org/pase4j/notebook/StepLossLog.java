package org.pase4j.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import org.pase4j.train.LossLog;
import org.pase4j.train.TrainingListener;

/**
 * Every training step's losses in a CSV file, beside the per-epoch {@code losses.csv}, so that a notebook
 * can plot the losses step by step after the run: {@code 02-train} adds it to its trainer, {@code 03-losses}
 * reads the file ({@link LossCharts}). One row per step and loss, long format:
 * {@code epoch,batch,batches,worker,loss} (batches: the epoch's number of steps; the combined loss under
 * {@code total}; {@code NaN} for a skipped step). A resumed run first drops the rows of the epoch it
 * restarts and of later ones, so the file never holds a step twice.
 */
public final class StepLossLog implements TrainingListener {

    /** The file's usual name in a training output folder. */
    public static final String FILE = "steps.csv";
    /** The header line. */
    public static final String HEADER = "epoch,batch,batches,worker,loss";

    private final Path file;
    private int batches;

    /**
     * A log that writes {@code file} once training starts (creating its folder).
     *
     * @param file the CSV file, e.g. {@code output_folder/steps.csv}
     */
    public StepLossLog(Path file) {
        this.file = file;
    }

    /**
     * At the first epoch of the run, keeps the file's rows of earlier epochs ({@link LossLog#truncate}); notes
     * the epoch's length.
     *
     * @param epoch the epoch that starts
     * @param batches its training steps
     * @throws UncheckedIOException if the file cannot be written
     */
    @Override
    public void onEpochBegin(int epoch, int batches) {
        if (this.batches == 0) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                LossLog.truncate(file, HEADER, epoch - 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        this.batches = batches;
    }

    /**
     * Appends the step's rows.
     *
     * @param epoch the epoch
     * @param batch the step's index in the epoch
     * @param losses each worker's loss and the combined one
     * @throws UncheckedIOException if the file cannot be written
     */
    @Override
    public void onTrainingBatch(int epoch, int batch, Map<String, Float> losses) {
        StringBuilder rows = new StringBuilder();
        losses.forEach((worker, loss) -> rows.append(String.format(Locale.ROOT, "%d,%d,%d,%s,%.6g%n", epoch, batch,
                batches, worker, loss)));
        try {
            Files.writeString(file, rows, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets the run, so that a next run with this log keeps only the epochs before its first again. */
    @Override
    public void onTrainingEnd() {
        batches = 0;
    }
}
