package org.pase4j.downstream;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Writes an evaluation: the accuracy table ({@code results.csv}, {@code results.json}), a confusion
 * matrix of the trained encoder's probe and a per-epoch validation-accuracy plot of the recipe
 * classifier (PNG, first split seed).
 */
public final class EvaluationReport {

    private EvaluationReport() {}

    /**
     * The accuracy table: one row per features/classifier pair, mean ± std over split seeds.
     *
     * @param report the evaluation
     * @return the table, accuracies in percent
     */
    public static Table table(SpeakerIdEvaluation.Report report) {
        StringColumn features = StringColumn.create("features");
        StringColumn classifier = StringColumn.create("classifier");
        DoubleColumn mean = DoubleColumn.create("accuracy %");
        DoubleColumn std = DoubleColumn.create("std %");
        IntColumn tests = IntColumn.create("n_test");
        IntColumn seeds = IntColumn.create("seeds");
        report.runs().forEach((key, runs) -> {
            String[] parts = key.split("/");
            double[] acc = runs.stream().mapToDouble(SpeakerIdEvaluation.Run::accuracy).toArray();
            features.append(parts[0]);
            classifier.append(parts[1]);
            mean.append(round(100 * mean(acc)));
            std.append(round(100 * std(acc)));
            tests.append(runs.get(0).truth().length);
            seeds.append(runs.size());
        });
        return Table.create("speaker classification (" + report.speakers().size() + " speakers, chance "
                + round(100.0 / report.speakers().size()) + " %)", features, classifier, mean, std, tests, seeds);
    }

    /**
     * Writes {@code results.csv}, {@code results.json}, {@code confusion.png} and {@code accuracy.png}.
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
            json.put(key, entry);
        });
        Files.writeString(folder.resolve("results.json"), new GsonBuilder().setPrettyPrinting().create().toJson(json),
                StandardCharsets.UTF_8);
        BitmapEncoder.saveBitmap(confusion(report, "pase/probe"), folder.resolve("confusion.png").toString(),
                BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(curves(report), folder.resolve("accuracy.png").toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * The confusion matrix of one features/classifier pair on the first split seed.
     *
     * @param report the evaluation
     * @param key e.g. {@code pase/probe}
     * @return a heat map: true speaker down, predicted speaker across
     */
    public static HeatMapChart confusion(SpeakerIdEvaluation.Report report, String key) {
        SpeakerIdEvaluation.Run run = report.runs().get(key).get(0);
        int n = report.speakers().size();
        int[][] counts = new int[n][n];
        for (int i = 0; i < run.truth().length; i++) {
            counts[run.truth()[i]][run.predictions()[i]]++;
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(640).height(560)
                .title("confusion " + key + " (seed " + run.seed() + ")").xAxisTitle("predicted").yAxisTitle("true")
                .build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setPlotContentSize(1);
        List<String> speakers = report.speakers();
        java.util.List<Number[]> cells = new java.util.ArrayList<>();
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                cells.add(new Number[] {p, t, counts[t][p]});
            }
        }
        chart.addSeries("counts", speakers, speakers, cells);
        return chart;
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

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
