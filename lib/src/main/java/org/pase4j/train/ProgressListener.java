package org.pase4j.train;

import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.pase4j.util.Progress;

/** A progress bar per epoch with the running mean of the combined training loss. */
final class ProgressListener implements TrainingListener {

    private final int epochs;
    private ProgressBar bar;
    private double sum;
    private int steps;

    /** @param epochs the run's last epoch, shown as {@code epoch N/epochs} */
    ProgressListener(int epochs) {
        this.epochs = epochs;
    }

    @Override
    public void onEpochBegin(int epoch, int batches) {
        close();
        bar = Progress.items(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs), batches);
        sum = 0;
        steps = 0;
    }

    @Override
    public void onTrainingBatch(int epoch, int batch, Map<String, Float> losses) {
        bar.step();
        float total = losses.get(TrainStep.TOTAL);
        if (Float.isFinite(total)) {
            sum += total;
            steps++;
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", sum / steps));
        }
    }

    @Override
    public void onEpoch(EpochResult result) {
        close();
    }

    @Override
    public void onTrainingEnd() {
        close();
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
