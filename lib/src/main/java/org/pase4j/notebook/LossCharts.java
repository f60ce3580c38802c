package org.pase4j.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.pase4j.config.PaseConfig;
import org.pase4j.config.TrainConfig;
import org.pase4j.model.ModelSpec;
import org.pase4j.train.TrainStep;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The charts of a training run's losses and learning rates, read from its output folder: {@code losses.csv}
 * (per epoch and split), {@value StepLossLog#FILE} (per step, written by a {@link StepLossLog}; without
 * it the charts show epochs only) and {@code config.yaml} (which workers are classifiers, the loss weights and
 * the learning-rate schedule).
 * <pre>{@code
 * LossCharts losses = LossCharts.read(trainFolder);
 * BufferedImage perWorker = Charts.grid(3, 440, 320, losses.workers());
 * }</pre>
 * Regressors are scored by mean squared error (of z-scored targets with {@code normalize_targets}),
 * classifiers by binary cross-entropy in nats, whose value at chance, {@link #CHANCE} = ln 2, is drawn on
 * their charts: a classifier near that line tells same-speaker pairs from other pairs no better than a coin.
 */
public final class LossCharts {

    /** Binary cross-entropy of a classifier that always says 1/2: ln 2 nats. */
    public static final double CHANCE = Math.log(2);

    private static final Color TRAIN = new Color(0x4363d8);
    private static final Color STEP = new Color(0xa9b9ee);
    private static final Color VALID = new Color(0xe6194b);
    private static final Color GREY = new Color(0x808080);

    private final Table epochs;
    private final Table steps;
    private final PaseConfig config;

    private LossCharts(Table epochs, Table steps, PaseConfig config) {
        this.epochs = epochs;
        this.steps = steps;
        this.config = config;
    }

    /**
     * Reads a training run.
     *
     * @param trainFolder the run's output folder
     * @return its charts
     * @throws IOException if {@code losses.csv} or {@code config.yaml} is missing or unreadable
     * @throws IllegalArgumentException if the configuration is not valid
     */
    public static LossCharts read(Path trainFolder) throws IOException {
        Path losses = trainFolder.resolve("losses.csv");
        Path stepFile = trainFolder.resolve(StepLossLog.FILE);
        Path yaml = trainFolder.resolve("config.yaml");
        for (Path required : List.of(losses, yaml)) {
            if (!Files.isRegularFile(required)) {
                throw new IOException("no " + required + ": expected a training run's output folder");
            }
        }
        Table epochs = Table.read().usingOptions(CsvReadOptions.builder(losses.toFile()).columnTypes(new ColumnType[] {
            ColumnType.INTEGER, ColumnType.STRING, ColumnType.STRING, ColumnType.DOUBLE, ColumnType.DOUBLE}));
        Table steps = Files.isRegularFile(stepFile)
                ? Table.read().usingOptions(CsvReadOptions.builder(stepFile.toFile()).columnTypes(new ColumnType[] {
                    ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.STRING, ColumnType.DOUBLE}))
                : null;
        return new LossCharts(epochs, steps, PaseConfig.load(yaml, List.of()));
    }

    /** @return {@code losses.csv}: epoch, split, worker, loss, learning_rate */
    public Table epochs() {
        return epochs;
    }

    /** @return the worker names in the log's order, the combined loss ({@code total}) last */
    public List<String> names() {
        Set<String> names = new LinkedHashSet<>(epochs.stringColumn("worker").asList());
        names.remove(TrainStep.TOTAL);
        List<String> out = new ArrayList<>(names);
        out.add(TrainStep.TOTAL);
        return out;
    }

    /**
     * One chart per worker and one for the combined loss: the training loss of every step ({@code train step}),
     * its mean per epoch ({@code train epoch}) and the validation loss per epoch ({@code valid epoch}), both at
     * the end of each epoch, with ln 2 marked for classifiers ({@code ln 2}).
     *
     * @return 440 x 320 charts in {@link #names()} order, epochs across (a step of epoch {@code e} lies
     *     between {@code e - 1} and {@code e})
     */
    public List<XYChart> workers() {
        List<XYChart> charts = new ArrayList<>();
        int lastEpoch = (int) epochs.intColumn("epoch").max();
        for (String name : names()) {
            XYChart chart = new XYChartBuilder().width(440).height(320).title(name + ": " + measure(name))
                    .xAxisTitle("epoch").yAxisTitle("loss").build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
            chart.getStyler().setLegendSeriesLineLength(16);
            chart.getStyler().setXAxisMin(0.0).setXAxisMax((double) lastEpoch);
            if (steps != null) {
                double[][] xy = stepPoints(name);
                if (xy[0].length > 0) {
                    XYSeries s = chart.addSeries("train step", xy[0], xy[1]);
                    s.setMarker(SeriesMarkers.NONE);
                    s.setLineColor(STEP);
                    s.setLineStyle(new BasicStroke(1f));
                }
            }
            for (String split : List.of("train", "valid")) {
                double[][] xy = epochPoints(split, name);
                XYSeries s = chart.addSeries(split + " epoch", xy[0], xy[1]);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(split.equals("train") ? TRAIN : VALID);
                s.setLineColor(split.equals("train") ? TRAIN : VALID);
            }
            if (isClassifier(name)) {
                XYSeries s = chart.addSeries("ln 2", new double[] {0, lastEpoch}, new double[] {CHANCE, CHANCE});
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(GREY);
                s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
            }
            charts.add(chart);
        }
        return charts;
    }

    /**
     * Each worker's share of the combined training loss per epoch: its weighted loss over the sum of the
     * weighted losses (loss weights from the configuration; 1 when unlisted), stacked to 100 %.
     *
     * @return a 720 x 360 stacked bar chart, epochs across
     */
    public CategoryChart shares() {
        List<String> workers = names().subList(0, names().size() - 1);
        Map<String, Float> weights = config.model().lossWeights();
        int[] epochNumbers = epochs.where(epochs.stringColumn("split").isEqualTo("train")
                .and(epochs.stringColumn("worker").isEqualTo(TrainStep.TOTAL))).intColumn("epoch").asIntArray();
        double[][] weighted = new double[workers.size()][epochNumbers.length];
        double[] sums = new double[epochNumbers.length];
        for (int w = 0; w < workers.size(); w++) {
            double[] loss = rows("train", workers.get(w)).doubleColumn("loss").asDoubleArray();
            for (int e = 0; e < epochNumbers.length; e++) {
                weighted[w][e] = weights.getOrDefault(workers.get(w), 1f) * loss[e];
                sums[e] += weighted[w][e];
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(720).height(360)
                .title("each worker's share of the training loss").xAxisTitle("epoch")
                .yAxisTitle("share of the summed (weighted) losses, %").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setSeriesColors(Charts.palette());
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setXAxisMaxLabelCount(25);
        double[] x = java.util.Arrays.stream(epochNumbers).asDoubleStream().toArray();
        for (int w = 0; w < workers.size(); w++) {
            double[] share = new double[epochNumbers.length];
            for (int e = 0; e < share.length; e++) {
                share[e] = 100 * weighted[w][e] / sums[e];
            }
            chart.addSeries(workers.get(w), x, share);
        }
        return chart;
    }

    /**
     * The learning rates each epoch used (logged: the encoder's on the {@code total} rows, the workers' on the
     * others), over the configured schedule drawn to {@code max(epochs, 8)}.
     *
     * @return a 720 x 320 chart, epochs across
     */
    public XYChart learningRates() {
        TrainConfig training = config.training();
        XYChart chart = new XYChartBuilder().width(720).height(320)
                .title("learning rate (" + training.lrSchedule() + " schedule)").xAxisTitle("epoch")
                .yAxisTitle("learning rate").build();
        int horizon = Math.max(training.numberOfEpochs(), 8);
        double[] e = new double[horizon];
        double[] encoder = new double[horizon];
        double[] workers = new double[horizon];
        for (int i = 1; i <= horizon; i++) {
            e[i - 1] = i;
            encoder[i - 1] = training.encoderLrStart() * training.learningRateFactor(i);
            workers[i - 1] = training.workerLrStart() * training.learningRateFactor(i);
        }
        Color[] colours = {TRAIN, VALID};
        String[] who = {"encoder", "workers"};
        double[][] configured = {encoder, workers};
        Table train = epochs.where(epochs.stringColumn("split").isEqualTo("train"));
        for (int k = 0; k < 2; k++) {
            XYSeries s = chart.addSeries("configured (" + who[k] + ")", e, configured[k]);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(colours[k]);
            Table rows = train.where(train.stringColumn("worker").isEqualTo(k == 0 ? TrainStep.TOTAL : names().get(0)));
            XYSeries l = chart.addSeries("logged (" + who[k] + ")", rows.intColumn("epoch").asDoubleArray(),
                    rows.doubleColumn("learning_rate").asDoubleArray());
            l.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            l.setMarker(SeriesMarkers.CIRCLE);
            l.setMarkerColor(colours[k]);
        }
        return chart;
    }

    private boolean isClassifier(String name) {
        return config.model().workers().stream().anyMatch(w -> w.name().equals(name) && w.kind().equals("classifier"));
    }

    private String measure(String name) {
        if (name.equals(TrainStep.TOTAL)) {
            ModelSpec model = config.model();
            return (model.lossWeights().isEmpty() ? "" : "weighted ") + model.lossCombination() + " of the workers' losses";
        }
        return isClassifier(name) ? "BCE (nats)" : config.training().normalizeTargets() ? "MSE (z-scored)" : "MSE";
    }

    private Table rows(String split, String name) {
        return epochs.where(epochs.stringColumn("split").isEqualTo(split)
                .and(epochs.stringColumn("worker").isEqualTo(name)));
    }

    private double[][] epochPoints(String split, String name) {
        Table rows = rows(split, name);
        return finite(rows.intColumn("epoch").asDoubleArray(), rows.doubleColumn("loss").asDoubleArray());
    }

    private double[][] stepPoints(String name) {
        Table rows = steps.where(steps.stringColumn("worker").isEqualTo(name));
        double[] x = new double[rows.rowCount()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rows.intColumn("epoch").getInt(i) - 1
                    + (rows.intColumn("batch").getInt(i) + 1.0) / rows.intColumn("batches").getInt(i);
        }
        return finite(x, rows.doubleColumn("loss").asDoubleArray());
    }

    /** The points whose value is finite (a skipped step logs NaN). */
    private static double[][] finite(double[] x, double[] y) {
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(y[i])) {
                kept.add(new double[] {x[i], y[i]});
            }
        }
        return new double[][] {kept.stream().mapToDouble(p -> p[0]).toArray(),
            kept.stream().mapToDouble(p -> p[1]).toArray()};
    }

}
