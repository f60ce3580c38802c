package org.pase4j.downstream;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Writes an evaluation: the results table ({@code results.csv}, {@code results.json}), a confusion
 * matrix of the trained encoder's probe, a per-epoch validation-accuracy plot of the recipe classifier
 * and the verification DET curves (PNG, first split seed).
 */
public final class EvaluationReport {

    private EvaluationReport() {}

    /**
     * The results table: one row per features/classifier pair (test accuracy) and one per feature set
     * for verification (EER and normalised minDCF), mean and std over split seeds (no std for one seed).
     *
     * @param report the evaluation
     * @return the table, accuracies and EERs in percent
     */
    public static Table table(SpeakerIdEvaluation.Report report) {
        StringColumn features = StringColumn.create("features");
        StringColumn task = StringColumn.create("task");
        DoubleColumn accuracy = DoubleColumn.create("accuracy %");
        DoubleColumn accuracyStd = DoubleColumn.create("std %");
        DoubleColumn eer = DoubleColumn.create("EER %");
        DoubleColumn eerStd = DoubleColumn.create("EER std %");
        DoubleColumn minDcf = DoubleColumn.create("minDCF");
        DoubleColumn minDcfStd = DoubleColumn.create("minDCF std");
        IntColumn tests = IntColumn.create("n");
        IntColumn seeds = IntColumn.create("seeds");
        report.runs().forEach((key, runs) -> {
            String[] parts = key.split("/");
            features.append(parts[0]);
            task.append(parts[1]);
            double[] acc = runs.stream().mapToDouble(SpeakerIdEvaluation.Run::accuracy).toArray();
            accuracy.append(round(100 * mean(acc), 1));
            appendStd(accuracyStd, acc, 100, 1);
            eer.appendMissing();
            eerStd.appendMissing();
            minDcf.appendMissing();
            minDcfStd.appendMissing();
            tests.append(runs.get(0).truth().length);
            seeds.append(runs.size());
        });
        report.verification().forEach((name, results) -> {
            features.append(name);
            task.append(VERIFICATION);
            accuracy.appendMissing();
            accuracyStd.appendMissing();
            double[] eers = each(results, VerificationMetrics::eer);
            double[] costs = each(results, VerificationMetrics::minDcf);
            eer.append(round(100 * mean(eers), 1));
            appendStd(eerStd, eers, 100, 1);
            minDcf.append(round(mean(costs), 3));
            appendStd(minDcfStd, costs, 1, 3);
            tests.append(results.get(0).trials());
            seeds.append(results.size());
        });
        return Table.create("speaker classification and verification (" + report.speakers().size()
                + " speakers, chance " + round(100.0 / report.speakers().size(), 1) + " %; recipe classifier "
                + (report.finetune() ? "fine-tuning the encoders" : "on frozen features")
                + "; n: test utterances or trials)", features, task, accuracy, accuracyStd, eer, eerStd, minDcf,
                minDcfStd, tests, seeds);
    }

    /** The task name of verification rows and the suffix of their JSON keys. */
    public static final String VERIFICATION = "verification";

    /** One value per split seed. */
    private static double[] each(List<VerificationMetrics> results, ToDoubleFunction<VerificationMetrics> f) {
        return results.stream().mapToDouble(f).toArray();
    }

    /** Appends the sample std of {@code scale · values} with {@code digits} decimals, or nothing for one value. */
    private static void appendStd(DoubleColumn column, double[] values, double scale, int digits) {
        if (values.length < 2) {
            column.appendMissing();
        } else {
            column.append(round(scale * std(values), digits));
        }
    }

    /**
     * Writes {@code results.csv}, {@code results.json}, {@code confusion.png}, {@code accuracy.png} and
     * {@code det.png}.
     *
     * @param report the evaluation
     * @param folder the output folder
     * @throws IOException if writing fails
     */
    public static void write(SpeakerIdEvaluation.Report report, Path folder) throws IOException {
        Files.createDirectories(folder);
        table(report).write().csv(folder.resolve("results.csv").toFile());
        Map<String, Map<String, Object>> json = new LinkedHashMap<>();
        report.runs().forEach((key, runs) -> {
            double[] acc = runs.stream().mapToDouble(SpeakerIdEvaluation.Run::accuracy).toArray();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("accuracy_mean", mean(acc));
            entry.put("accuracy_std", std(acc));
            entry.put("n_test", runs.get(0).truth().length);
            entry.put("seeds", runs.stream().map(SpeakerIdEvaluation.Run::seed).toList());
            entry.put("accuracies", acc);
            entry.put("valid_accuracy_mean", mean(runs.stream().mapToDouble(SpeakerIdEvaluation.Run::validAccuracy)
                    .toArray()));
            json.put(key, entry);
        });
        report.verification().forEach((name, results) -> {
            double[] eers = each(results, VerificationMetrics::eer);
            double[] costs = each(results, VerificationMetrics::minDcf);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("eer_mean", mean(eers));
            entry.put("eer_std", std(eers));
            entry.put("min_dcf_mean", mean(costs));
            entry.put("min_dcf_std", std(costs));
            entry.put("n_trials", results.get(0).trials());
            entry.put("n_targets", results.get(0).targets());
            entry.put("eers", eers);
            entry.put("min_dcfs", costs);
            entry.put("p_target", VerificationMetrics.P_TARGET);
            json.put(name + "/" + VERIFICATION, entry);
        });
        Files.writeString(folder.resolve("results.json"), new GsonBuilder().setPrettyPrinting().create().toJson(json),
                StandardCharsets.UTF_8);
        BitmapEncoder.saveBitmap(confusion(report, "pase/probe"), folder.resolve("confusion.png").toString(),
                BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(curves(report), folder.resolve("accuracy.png").toString(),
                BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(det(report), folder.resolve("det.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Detection error trade-off of every feature set's verification (first split seed): miss rate
     * against false-alarm rate, both in percent, with the equal-error line.
     *
     * @param report the evaluation
     * @return a line chart, one series per feature set labelled with its EER
     */
    public static XYChart det(SpeakerIdEvaluation.Report report) {
        XYChart chart = new XYChartBuilder().width(560).height(520).title("speaker verification: DET (cosine scoring)")
                .xAxisTitle("false alarm %").yAxisTitle("miss %").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(100.0).setYAxisMin(0.0).setYAxisMax(100.0);
        chart.getStyler().setMarkerSize(0);
        report.verification().forEach((name, results) -> {
            VerificationMetrics m = results.get(0);
            double[] fa = java.util.Arrays.stream(m.falseAlarms()).map(v -> 100 * v).toArray();
            double[] miss = java.util.Arrays.stream(m.misses()).map(v -> 100 * v).toArray();
            chart.addSeries(String.format(java.util.Locale.ROOT, "%s (EER %.1f %%)", name, 100 * m.eer()), fa, miss);
        });
        chart.addSeries("EER line", new double[] {0, 100}, new double[] {0, 100}).setLineColor(java.awt.Color.LIGHT_GRAY);
        return chart;
    }

    /**
     * The confusion matrix of one features/classifier pair on the first split seed, normalised per true
     * speaker: each cell is the share of that speaker's test utterances given to the predicted speaker, in
     * percent, so rows of speakers with few test utterances weigh as much as the others. Empty cells are
     * white, the colour bar gives the scale; the diagonal holds each speaker's recall.
     *
     * @param report the evaluation
     * @param key e.g. {@code pase/probe}
     * @return a heat map: true speaker down, predicted speaker across, colours from 0 to 100 %
     * @throws IllegalArgumentException if the report has no such pair
     */
    public static HeatMapChart confusion(SpeakerIdEvaluation.Report report, String key) {
        if (!report.runs().containsKey(key)) {
            throw new IllegalArgumentException("no runs of '" + key + "': expected one of " + report.runs().keySet());
        }
        SpeakerIdEvaluation.Run run = report.runs().get(key).get(0);
        double[][] shares = confusionShares(run, report.speakers().size());
        HeatMapChart chart = new HeatMapChartBuilder().width(640).height(560)
                .title(key + ": % of each speaker's test utterances (seed " + run.seed() + ")")
                .xAxisTitle("predicted speaker").yAxisTitle("true speaker").build();
        chart.getStyler().setRangeColors(new java.awt.Color[] {java.awt.Color.WHITE, new java.awt.Color(0x9ecae1),
            new java.awt.Color(0x08306b)});
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setPlotContentSize(1);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setAntiAlias(false);   // anti-aliased cells leave light seams between them
        List<String> speakers = report.speakers();
        java.util.List<Number[]> cells = new java.util.ArrayList<>();
        for (int t = 0; t < shares.length; t++) {
            for (int p = 0; p < shares.length; p++) {
                cells.add(new Number[] {p, t, shares[t][p]});
            }
        }
        chart.addSeries("% of the true speaker", speakers, speakers, cells).setMin(0).setMax(100);
        return chart;
    }

    /**
     * A confusion matrix normalised per true class.
     *
     * @param run one split seed's predictions
     * @param classes the number of classes
     * @return {@code [true][predicted]} shares of each true class's test items, in percent (a row of
     *     zeros for a class with no test item)
     */
    static double[][] confusionShares(SpeakerIdEvaluation.Run run, int classes) {
        double[][] shares = new double[classes][classes];
        int[] totals = new int[classes];
        for (int i = 0; i < run.truth().length; i++) {
            shares[run.truth()[i]][run.predictions()[i]]++;
            totals[run.truth()[i]]++;
        }
        for (int t = 0; t < classes; t++) {
            for (int p = 0; p < classes && totals[t] > 0; p++) {
                shares[t][p] = 100 * shares[t][p] / totals[t];
            }
        }
        return shares;
    }

    /**
     * Validation accuracy per epoch of the recipe classifier on every feature set (first split seed).
     *
     * @param report the evaluation
     * @return a line chart
     */
    public static XYChart curves(SpeakerIdEvaluation.Report report) {
        XYChart chart = new XYChartBuilder().width(720).height(420).title("recipe classifier: validation accuracy")
                .xAxisTitle("epoch").yAxisTitle("accuracy %").build();
        report.runs().forEach((key, runs) -> {
            double[] curve = runs.get(0).validCurve();
            if (curve.length > 0) {
                double[] x = new double[curve.length];
                double[] y = new double[curve.length];
                for (int i = 0; i < curve.length; i++) {
                    x[i] = i + 1;
                    y[i] = 100 * curve[i];
                }
                chart.addSeries(key, x, y);
            }
        });
        return chart;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return v.length < 2 ? 0 : Math.sqrt(s / (v.length - 1));
    }

    private static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
