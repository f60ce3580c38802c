package org.pase4j.bench;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.pase4j.audio.AudioReader;
import org.pase4j.downstream.CorpusEmbedder;
import org.pase4j.util.Versions;

/**
 * The results of a {@link Benchmark} run: {@code bench.json} (machine, settings, versions and every
 * measure with its runs; {@code bench/reference.py} writes the same keys for the measures it shares)
 * and {@code bench.md}, a Markdown table.
 */
public final class BenchReport {

    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> measures = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();
    private static final double MB = 1024 * 1024;

    private Benchmark.MemoryTrace memory;

    BenchReport(Benchmark.Options options, int chunkSize) {
        header.put("tool", "pase4j");
        header.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        header.put("machine", Machine.describe());
        header.put("threads", Machine.threads());
        header.put("config", options.config().toString());
        header.put("overrides", options.overrides());
        header.put("batch_triples", options.batch());
        header.put("chunk_size", chunkSize);
        header.put("warmup", options.warmup());
        header.put("repeats", options.repeats());
        header.put("versions", Versions.all());
    }

    void addPeak(Timing matmul) {
        double gflop = 2.0 * Math.pow(Benchmark.MATMUL_SIZE, 3) / 1e9;
        Map<String, Object> m = timing(matmul);
        m.put("gflop", gflop);
        m.put("gflops", gflop / (matmul.min() / 1000));
        measures.put("peak_matmul", m);
        row("matmul " + Benchmark.MATMUL_SIZE + "² (peak)", matmul,
                String.format(Locale.ROOT, "%.1f GFLOP/s (fastest run)", gflop / (matmul.min() / 1000)));
    }

    void addEncoder(Timing t, long flops) {
        Map<String, Object> m = timing(t);
        double gflops = flops / 1e9 / (t.median() / 1000);
        m.put("gflop", flops / 1e9);
        m.put("gflops", gflops);
        String note = String.format(Locale.ROOT, "%.1f GFLOP, %.1f GFLOP/s", flops / 1e9, gflops);
        Map<String, Object> peak = measures.get("peak_matmul");
        if (peak != null) {
            double share = gflops / (double) peak.get("gflops");
            m.put("share_of_peak", share);
            note += String.format(Locale.ROOT, " = %.0f %% of the matmul peak", 100 * share);
        }
        measures.put("encoder_forward", m);
        row("encoder forward (eval)", t, note);
    }

    void addStep(Timing compute, Timing loaderWait) {
        Map<String, Object> m = timing(compute);
        m.put("loader_wait_median_ms", loaderWait.median());
        m.put("loader_wait_max_ms", loaderWait.max());
        measures.put("train_step", m);
        row("training step", compute, String.format(Locale.ROOT,
                "encoder + all workers, forward + backward + Adam; waited for the loader %.1f ms (median)",
                loaderWait.median()));
    }

    void addLabeller(String worker, Timing t) {
        Map<String, Object> m = timing(t);
        String note = "per batch";
        Map<String, Object> step = measures.get("train_step");
        if (step != null) {
            double share = t.median() / (double) step.get("median_ms");
            m.put("share_of_step", share);
            note += String.format(Locale.ROOT, ", %.2f %% of a step", 100 * share);
        }
        measures.put("label_" + worker, m);
        row("labeller " + worker, t, note);
    }

    void addLoading(Timing t) {
        Map<String, Object> m = timing(t);
        measures.put("loading_batch", m);
        row("decode + crop a batch (no cache)", t, "the background loader's work per batch");
    }

    void addEmbed(CorpusEmbedder batched, Timing oneAtATime, Timing padded, long samples) {
        double audioMs = samples * 1000.0 / AudioReader.SAMPLE_RATE;
        measures.put("embed_one_at_a_time", embedTiming(oneAtATime, audioMs));
        row("embed the corpus, one file at a time", oneAtATime, String.format(Locale.ROOT,
                "real-time factor %.4f (%.0f s of audio)", oneAtATime.median() / audioMs, audioMs / 1000));
        Map<String, Object> m = embedTiming(padded, audioMs);
        m.put("batch_files", batched.batch());
        m.put("batch_samples", batched.batchSamples());
        m.put("time_over_one_at_a_time", padded.median() / oneAtATime.median());
        measures.put("embed_batched", m);
        row("embed the corpus, padded batches", padded, String.format(Locale.ROOT,
                "real-time factor %.4f, %.2fx the time of one at a time (up to %d files, %d samples per batch)",
                padded.median() / audioMs, padded.median() / oneAtATime.median(), batched.batch(),
                batched.batchSamples()));
    }

    private static Map<String, Object> embedTiming(Timing t, double audioMs) {
        Map<String, Object> m = timing(t);
        m.put("audio_seconds", audioMs / 1000);
        m.put("real_time_factor", t.median() / audioMs);
        return m;
    }

    void addMemory(Benchmark.MemoryTrace trace) {
        memory = trace;
        Benchmark.MemorySample start = trace.start();
        Benchmark.MemorySample end = trace.end();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", end.step());
        m.put("batch_triples", trace.batch());
        m.put("from_step", start.step());
        m.put("start_mb", start.resident() / MB);
        m.put("end_mb", end.resident() / MB);
        m.put("peak_mb", ResidentMemory.peak() / MB);
        m.put("growth_percent", 100 * trace.growth());
        m.put("outside_heap_start_mb", start.outsideHeap() / MB);
        m.put("outside_heap_end_mb", end.outsideHeap() / MB);
        m.put("outside_heap_growth_percent", 100 * trace.nativeGrowth());
        m.put("samples_step_rss_heap_mb", trace.samples().stream()
                .map(p -> List.of(p.step(), p.resident() / MB, p.heap() / MB)).toList());
        if (end.malloc() != null) {
            m.put("samples_step_malloc_heap_in_use_mapped_mb", trace.samples().stream()
                    .map(p -> List.of(p.step(), p.malloc().heapBytes() / MB, p.malloc().inUseBytes() / MB,
                            p.malloc().mappedBytes() / MB)).toList());
        }
        measures.put("memory", m);
        rows.add(new String[] {"resident memory over " + end.step() + " steps",
            String.format(Locale.ROOT, "%.0f MB", end.resident() / MB), "", "",
            String.format(Locale.ROOT, "from %.0f MB at step %d: %+.1f %%; outside the Java heap %.0f -> %.0f MB: %+.1f %%"
                    + " (batch of %d triples)", start.resident() / MB, start.step(), 100 * trace.growth(),
                    start.outsideHeap() / MB, end.outsideHeap() / MB, 100 * trace.nativeGrowth(), trace.batch())});
    }

    private static Map<String, Object> timing(Timing t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median_ms", t.median());
        m.put("min_ms", t.min());
        m.put("max_ms", t.max());
        m.put("runs_ms", t.millis());
        return m;
    }

    private void row(String name, Timing t, String note) {
        rows.add(new String[] {name, ms(t.median()), ms(t.min()), ms(t.max()), note});
    }

    private static String ms(double ms) {
        return String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : "%.0f ms", ms);
    }

    /** @return the measures as {@code bench.json} has them */
    public Map<String, Map<String, Object>> measures() {
        return measures;
    }

    /** @return the Markdown table with a line on the machine and settings above it */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "pase4j bench, %s, %s, %s threads, batch %s triples x %s samples%n%n",
                header.get("date"), header.get("machine"), header.get("threads"), header.get("batch_triples"),
                header.get("chunk_size")));
        b.append("| measure | median | min | max | note |\n|---|---:|---:|---:|---|\n");
        for (String[] r : rows) {
            b.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return b.toString();
    }

    /**
     * Writes {@code bench.json}, {@code bench.md} and, with the memory measure, {@code memory.png}.
     *
     * @param folder the output folder (created if missing)
     * @throws IOException if a file cannot be written
     */
    public void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Map<String, Object> json = new LinkedHashMap<>(header);
        json.put("measures", measures);
        Files.writeString(folder.resolve("bench.json"), new GsonBuilder().setPrettyPrinting().create().toJson(json));
        Files.writeString(folder.resolve("bench.md"), markdown());
        if (memory != null) {
            XYChart chart = new XYChartBuilder().width(800).height(400).title("Resident memory during training")
                    .xAxisTitle("training step").yAxisTitle("MB").build();
            double[] steps = memory.samples().stream().mapToDouble(Benchmark.MemorySample::step).toArray();
            chart.addSeries("resident", steps, memory.samples().stream().mapToDouble(p -> p.resident() / MB).toArray());
            chart.addSeries("outside the Java heap", steps,
                    memory.samples().stream().mapToDouble(p -> p.outsideHeap() / MB).toArray());
            chart.addSeries("Java heap (committed)", steps, memory.samples().stream().mapToDouble(p -> p.heap() / MB).toArray());
            if (memory.end().malloc() != null) {
                chart.addSeries("malloc: in use", steps,
                        memory.samples().stream().mapToDouble(p -> p.malloc().inUseBytes() / MB).toArray());
                chart.addSeries("malloc: heaps + mapped blocks", steps, memory.samples().stream()
                        .mapToDouble(p -> (p.malloc().heapBytes() + p.malloc().mappedBytes()) / MB).toArray());
            }
            BitmapEncoder.saveBitmap(chart, folder.resolve("memory.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
