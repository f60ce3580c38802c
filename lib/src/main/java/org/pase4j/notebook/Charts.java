package org.pase4j.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * XChart charts for the notebooks: a palette whose colours do not repeat before the 20th series, waveforms
 * (whole, or with the crops the chunk sampler took drawn on them), scatter plots coloured by group, and a
 * grid that paints several charts into one image. A notebook shows an image by ending a cell with it, or
 * with {@code display(image)}; XChart's {@code BitmapEncoder.getBufferedImage(chart)} turns one chart
 * into an image.
 */
public final class Charts {

    /**
     * Twenty colours that stay apart (Sasha Trubetskoy's list of distinct colours without white), the four
     * palest last.
     */
    private static final int[] PALETTE = {0xe6194b, 0x3cb44b, 0x4363d8, 0xf58231, 0x911eb4, 0x42d4f4, 0xf032e6,
        0x9a6324, 0x800000, 0x469990, 0x000075, 0x808000, 0xbfef45, 0xffe119, 0x000000, 0x808080, 0xfabed4, 0xdcbeff,
        0xaaffc3, 0xffd8b1};

    private static final Color WAVEFORM = new Color(0x6e6e6e);

    private Charts() {}

    /**
     * The colours for series that must not share one, e.g. 16 speakers: XChart's own palette repeats after
     * a few.
     *
     * @return 20 distinct colours (a new array each call)
     */
    public static Color[] palette() {
        Color[] colours = new Color[PALETTE.length];
        for (int i = 0; i < colours.length; i++) {
            colours[i] = new Color(PALETTE[i]);
        }
        return colours;
    }

    /**
     * Paints charts into one image, row by row, each into a cell of the same size (whatever size the
     * chart was built with), e.g. the same plot for three feature sets side by side.
     *
     * @param columns charts per row
     * @param cellWidth the width of each cell in pixels
     * @param cellHeight the height of each cell in pixels
     * @param charts the charts, at least one
     * @return the image, {@code columns} cells wide (fewer if there are fewer charts)
     * @throws IllegalArgumentException if there is no chart or a size is not positive
     */
    public static BufferedImage grid(int columns, int cellWidth, int cellHeight, List<? extends Chart<?, ?>> charts) {
        if (charts.isEmpty() || columns < 1 || cellWidth < 1 || cellHeight < 1) {
            throw new IllegalArgumentException(charts.size() + " charts in " + columns + " columns of " + cellWidth
                    + " x " + cellHeight + " cells: expected at least one chart and positive sizes");
        }
        int across = Math.min(columns, charts.size());
        int down = (charts.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(across * cellWidth, down * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < charts.size(); i++) {
                // each chart on its own image: XChart resets the clip, so it would paint over its neighbours
                BufferedImage cell = new BufferedImage(cellWidth, cellHeight, BufferedImage.TYPE_INT_RGB);
                Graphics2D c = cell.createGraphics();
                try {
                    c.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                    charts.get(i).paint(c, cellWidth, cellHeight);
                } finally {
                    c.dispose();
                }
                g.drawImage(cell, (i % columns) * cellWidth, (i / columns) * cellHeight, null);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * A waveform against time. Long signals are drawn as their envelope (the smallest and largest sample of
     * each of 2,000 stretches), which looks like the full waveform at notebook sizes.
     *
     * @param title the chart title
     * @param samples the signal
     * @param sampleRate samples per second
     * @return a 900 x 260 chart, seconds across, amplitude (full scale 1) up
     * @throws IllegalArgumentException if the signal is empty or the rate not positive
     */
    public static XYChart waveform(String title, float[] samples, int sampleRate) {
        if (samples.length == 0 || sampleRate <= 0) {
            throw new IllegalArgumentException(samples.length + " samples at " + sampleRate
                    + " Hz: expected at least one sample and a positive rate");
        }
        XYChart chart = new XYChartBuilder().width(900).height(260).title(title).xAxisTitle("time (s)")
                .yAxisTitle("amplitude").build();
        chart.getStyler().setLegendVisible(false);
        // the axis to a round end: XChart picks odd ticks (0.199, 0.398, ...) for some ranges, e.g. 0 to 2.985 s
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(Math.ceil(10.0 * samples.length / sampleRate) / 10);
        double[][] xy = envelope(samples, sampleRate, 2000);
        XYSeries s = chart.addSeries("waveform", xy[0], xy[1]);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(WAVEFORM);
        s.setLineStyle(new BasicStroke(1f));
        return chart;
    }

    /**
     * A whole utterance with the crops taken from it drawn as boxes, e.g. the anchor and the positive chunk
     * of a training triple. Each crop is found in the utterance sample by sample, so it must be an exact
     * copy of a stretch of it (the chunk sampler's crops are, without speed jitter, from utterances longer
     * than a chunk).
     *
     * @param title the chart title
     * @param utterance the whole signal
     * @param sampleRate samples per second
     * @param crops each crop by name (drawn in name order)
     * @return the waveform with one labelled box per crop, its start and end in seconds in the legend
     * @throws IllegalArgumentException if a crop is not an exact stretch of the utterance
     */
    public static XYChart crops(String title, float[] utterance, int sampleRate, Map<String, float[]> crops) {
        XYChart chart = waveform(title, utterance, sampleRate);
        chart.getStyler().setLegendVisible(true);
        float peak = 1e-3f;
        for (float v : utterance) {
            peak = Math.max(peak, Math.abs(v));
        }
        Color[] colours = palette();
        int k = 0;
        for (Map.Entry<String, float[]> crop : new TreeMap<>(crops).entrySet()) {
            int start = locate(utterance, crop.getValue());
            if (start < 0) {
                throw new IllegalArgumentException("crop '" + crop.getKey() + "' (" + crop.getValue().length
                        + " samples) is not a stretch of the utterance (" + utterance.length + " samples)");
            }
            double from = (double) start / sampleRate;
            double to = (double) (start + crop.getValue().length) / sampleRate;
            double h = peak * (1.1 - 0.06 * k);   // nested boxes stay visible where crops overlap
            XYSeries box = chart.addSeries(String.format(Locale.ROOT, "%s crop, %.2f-%.2f s", crop.getKey(), from, to),
                    new double[] {from, from, to, to, from}, new double[] {-h, h, h, -h, -h});
            box.setMarker(SeriesMarkers.NONE);
            box.setLineColor(colours[k++ % colours.length]);
            box.setLineStyle(new BasicStroke(2.5f));
        }
        return chart;
    }

    /**
     * Where a crop starts in a signal: the first index from which the signal equals the crop sample by
     * sample.
     *
     * @param signal the signal
     * @param crop the crop
     * @return its start, or -1 if it is not a stretch of the signal
     */
    static int locate(float[] signal, float[] crop) {
        outer:
        for (int start = 0; start + crop.length <= signal.length; start++) {
            for (int i = 0; i < crop.length; i++) {
                if (signal[start + i] != crop[i]) {
                    continue outer;
                }
            }
            return start;
        }
        return -1;
    }

    /** Time and value of a signal, or of its envelope (min and max of each stretch) when it is long. */
    private static double[][] envelope(float[] samples, int sampleRate, int stretches) {
        if (samples.length <= 2 * stretches) {
            double[] t = new double[samples.length];
            double[] x = new double[samples.length];
            for (int i = 0; i < samples.length; i++) {
                t[i] = (double) i / sampleRate;
                x[i] = samples[i];
            }
            return new double[][] {t, x};
        }
        double[] t = new double[2 * stretches];
        double[] x = new double[2 * stretches];
        for (int s = 0; s < stretches; s++) {
            int from = (int) ((long) s * samples.length / stretches);
            int to = (int) ((long) (s + 1) * samples.length / stretches);
            float lo = samples[from];
            float hi = samples[from];
            for (int i = from + 1; i < to; i++) {
                lo = Math.min(lo, samples[i]);
                hi = Math.max(hi, samples[i]);
            }
            t[2 * s] = (double) from / sampleRate;
            t[2 * s + 1] = (double) (from + to) / 2 / sampleRate;
            x[2 * s] = lo;
            x[2 * s + 1] = hi;
        }
        return new double[][] {t, x};
    }

    /**
     * Points coloured by group, one series per group in order of first appearance, with colours from
     * {@link #palette()}.
     *
     * @param title the chart title
     * @param xTitle the horizontal axis title
     * @param yTitle the vertical axis title
     * @param points {@code (x, y)} per point
     * @param groups each point's group, e.g. its speaker
     * @return a 560 x 480 scatter chart, its legend naming the groups
     * @throws IllegalArgumentException if the lengths differ, a point has not two coordinates or there are
     *     more groups than colours
     */
    public static XYChart scatter(String title, String xTitle, String yTitle, double[][] points, List<String> groups) {
        if (points.length != groups.size()) {
            throw new IllegalArgumentException(points.length + " points for " + groups.size() + " groups: expected one "
                    + "group per point");
        }
        Map<String, List<double[]>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < points.length; i++) {
            if (points[i].length != 2) {
                throw new IllegalArgumentException("point " + i + " has " + points[i].length + " coordinates, expected 2");
            }
            byGroup.computeIfAbsent(groups.get(i), g -> new ArrayList<>()).add(points[i]);
        }
        Color[] colours = palette();
        if (byGroup.size() > colours.length) {
            throw new IllegalArgumentException(byGroup.size() + " groups: at most " + colours.length
                    + " have distinct colours");
        }
        XYChart chart = new XYChartBuilder().width(560).height(480).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(8);
        int k = 0;
        for (Map.Entry<String, List<double[]>> g : byGroup.entrySet()) {
            double[] x = g.getValue().stream().mapToDouble(p -> p[0]).toArray();
            double[] y = g.getValue().stream().mapToDouble(p -> p[1]).toArray();
            XYSeries s = chart.addSeries(g.getKey(), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(colours[k++]);
        }
        return chart;
    }
}
