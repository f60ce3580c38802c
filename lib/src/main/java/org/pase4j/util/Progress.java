package org.pase4j.util;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars for long work (downloads, extraction, decoding, training), drawn on standard error.
 * Set the system property {@code pase4j.progress=false} to silence them (tests do), or
 * {@code pase4j.progress=stream} to print each update as a {@code \r}-led line on whatever
 * {@code System.err} is at that moment, once a second (Jupyter kernels, which redirect {@code System.err}
 * per cell, show that as a live bar).
 */
public final class Progress {

    private Progress() {}

    /**
     * Starts a progress bar.
     *
     * @param task what is being done, shown left of the bar
     * @param max the total amount of work, or -1 if unknown
     * @param unit unit name shown with the counts, e.g. {@code "MB"}; empty for plain counts
     * @param unitSize how many raw steps make one unit (e.g. 1 MiB for bytes shown as MB)
     * @return a bar to step and then close
     */
    public static ProgressBar bar(String task, long max, String unit, long unitSize) {
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setUnit(unit.isEmpty() ? "" : " " + unit, unitSize)
                .showSpeed();
        if (!enabled()) {
            builder.setConsumer(new DelegatingProgressBarConsumer(line -> {}));
        } else if ("stream".equalsIgnoreCase(System.getProperty("pase4j.progress"))) {
            builder.setUpdateIntervalMillis(1000).setConsumer(new DelegatingProgressBarConsumer(line -> {
                System.err.print("\r" + line);
                System.err.flush();
            }, 100));
        }
        return builder.build();
    }

    /**
     * A progress bar counting items.
     *
     * @param task what is being done
     * @param items the number of items
     * @return a bar to step and then close
     */
    public static ProgressBar items(String task, long items) {
        return bar(task, items, "", 1);
    }

    private static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty("pase4j.progress", "true"));
    }
}
