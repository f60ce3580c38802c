import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.yaml.snakeyaml.Yaml;

/**
 * Plots what tools/quality/learning_curve.sh measured: test accuracy of both classifiers and the
 * verification EER of the pre-trained encoder against pre-training steps, with the random-init encoder
 * and MFCCs as flat lines (they do not depend on pre-training), and prints the same numbers as a
 * Markdown table.
 *
 * <pre>
 * java -cp "lib/target/pase4j.jar:lib/target/lib/*" tools/quality/LearningCurve.java RUN_FOLDER OUT.png
 * </pre>
 */
public final class LearningCurve {

    private LearningCurve() {}

    /** One evaluation snapshot. */
    private record Snapshot(int epoch, long steps, JsonObject results) {
        double mean(String key, String field) {
            return results.getAsJsonObject(key).get(field).getAsDouble();
        }
    }

    /**
     * Reads the snapshots, writes the plot and prints the table.
     *
     * @param args {@code RUN_FOLDER OUT.png}
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: LearningCurve.java RUN_FOLDER OUT.png");
            System.exit(2);
        }
        Path run = Path.of(args[0]);
        long stepsPerEpoch = stepsPerEpoch(run);
        List<Snapshot> snapshots = new ArrayList<>();
        Map<Integer, Path> folders = new TreeMap<>();
        try (Stream<Path> list = Files.list(run.resolve("eval"))) {
            list.filter(p -> p.getFileName().toString().matches("epoch-\\d+") && Files.exists(p.resolve("results.json")))
                    .forEach(p -> folders.put(Integer.parseInt(p.getFileName().toString().substring(6)), p));
        }
        for (Map.Entry<Integer, Path> e : folders.entrySet()) {
            JsonObject json = JsonParser.parseString(Files.readString(e.getValue().resolve("results.json")))
                    .getAsJsonObject();
            snapshots.add(new Snapshot(e.getKey(), e.getKey() * stepsPerEpoch, json));
        }
        if (snapshots.isEmpty()) {
            throw new IOException("no " + run.resolve("eval/epoch-N/results.json") + " yet");
        }
        XYChart accuracy = chart("speaker ID test accuracy (3 split seeds)", "accuracy %", snapshots, "accuracy_mean",
                List.of("probe", "recipe"), 100);
        XYChart eer = chart("speaker verification (cosine, all test pairs)", "EER %", snapshots, "eer_mean",
                List.of("verification"), 100);
        BufferedImage left = BitmapEncoder.getBufferedImage(accuracy);
        BufferedImage right = BitmapEncoder.getBufferedImage(eer);
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(), left.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        ImageIO.write(both, "png", Path.of(args[1]).toFile());
        printTable(snapshots);
    }

    private static long stepsPerEpoch(Path run) throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(run.resolve("config.yaml")));
        long train;
        try (Stream<String> lines = Files.lines(run.resolve("manifests/train.csv"))) {
            train = lines.count() - 1;
        }
        int max = ((Number) config.get("max_utterances")).intValue();
        int batch = ((Number) config.get("batch_size")).intValue();
        long utterances = max == 0 ? train : Math.min(train, max);
        return (utterances + batch - 1) / batch;
    }

    private static XYChart chart(String title, String yTitle, List<Snapshot> snapshots, String field,
            List<String> tasks, double scale) {
        XYChart chart = new XYChartBuilder().width(780).height(460).title(title).xAxisTitle("pre-training steps (log scale)")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisLogarithmic(true);
        double[] x = snapshots.stream().mapToDouble(Snapshot::steps).toArray();
        Color[] colours = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};
        String[] features = {"pase", "random", "mfcc"};
        for (String task : tasks) {
            boolean dashed = task.equals("recipe");
            for (int f = 0; f < features.length; f++) {
                String key = features[f] + "/" + task;
                double[] y = snapshots.stream().mapToDouble(s -> scale * s.mean(key, field)).toArray();
                if (f > 0) {  // baselines do not depend on pre-training: their mean over snapshots, flat
                    double flat = java.util.Arrays.stream(y).average().orElseThrow();
                    java.util.Arrays.fill(y, flat);
                }
                String name = features[f] + (tasks.size() > 1 ? " " + task : "");
                XYSeries series = chart.addSeries(name, x, y);
                series.setLineColor(colours[f]);
                series.setMarkerColor(colours[f]);
                series.setMarker(f == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                series.setLineStyle(dashed ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
            }
        }
        return chart;
    }

    private static void printTable(List<Snapshot> snapshots) {
        System.out.println("| epoch | steps | pase probe % | pase recipe % | pase EER % | pase minDCF |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (Snapshot s : snapshots) {
            System.out.printf(Locale.ROOT, "| %d | %d | %.1f ± %.1f | %.1f ± %.1f | %.1f ± %.1f | %.3f |%n", s.epoch(),
                    s.steps(), 100 * s.mean("pase/probe", "accuracy_mean"), 100 * s.mean("pase/probe", "accuracy_std"),
                    100 * s.mean("pase/recipe", "accuracy_mean"), 100 * s.mean("pase/recipe", "accuracy_std"),
                    100 * s.mean("pase/verification", "eer_mean"), 100 * s.mean("pase/verification", "eer_std"),
                    s.mean("pase/verification", "min_dcf_mean"));
        }
        Snapshot first = snapshots.get(0);
        for (String f : List.of("random", "mfcc")) {
            System.out.printf(Locale.ROOT, "| %s (flat) | | %.1f ± %.1f | %.1f ± %.1f | %.1f ± %.1f | %.3f |%n", f,
                    100 * first.mean(f + "/probe", "accuracy_mean"), 100 * first.mean(f + "/probe", "accuracy_std"),
                    100 * first.mean(f + "/recipe", "accuracy_mean"), 100 * first.mean(f + "/recipe", "accuracy_std"),
                    100 * first.mean(f + "/verification", "eer_mean"), 100 * first.mean(f + "/verification", "eer_std"),
                    first.mean(f + "/verification", "min_dcf_mean"));
        }
    }
}
