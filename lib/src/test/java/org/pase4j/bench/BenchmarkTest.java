package org.pase4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;
import org.pase4j.TinyRuns;
import org.pase4j.downstream.CorpusEmbedder;
import org.pase4j.util.YamlFiles;

class BenchmarkTest {

    @Test
    void everyMeasureOfATinyModelIsWrittenAsJsonAndMarkdown(@TempDir Path tmp) throws IOException {
        Path config = tmp.resolve("tiny.yaml");
        YamlFiles.write(config, TinyRuns.config(tmp.resolve("run"), 1));
        Benchmark bench = new Benchmark(new Benchmark.Options(config, List.of(), TestFiles.bundledCorpus(), 2, 1, 3,
                Set.copyOf(Benchmark.MEASURES), 20, 1));
        BenchReport report = bench.run(tmp.resolve("manifests"));
        report.write(tmp.resolve("out"));

        JsonObject json = JsonParser.parseString(Files.readString(tmp.resolve("out/bench.json"))).getAsJsonObject();
        JsonObject measures = json.getAsJsonObject("measures");
        for (String key : List.of("peak_matmul", "encoder_forward", "train_step", "label_toy", "loading_batch",
                "embed_one_at_a_time", "embed_batched")) {
            JsonObject m = measures.getAsJsonObject(key);
            assertEquals(3, m.getAsJsonArray("runs_ms").size(), key);
            assertTrue(m.get("min_ms").getAsDouble() > 0, key);
            assertTrue(m.get("min_ms").getAsDouble() <= m.get("median_ms").getAsDouble(), key);
            assertTrue(m.get("median_ms").getAsDouble() <= m.get("max_ms").getAsDouble(), key);
        }
        JsonObject encoder = measures.getAsJsonObject("encoder_forward");
        assertTrue(encoder.get("gflops").getAsDouble() > 0);
        assertEquals(encoder.get("gflops").getAsDouble() / measures.getAsJsonObject("peak_matmul").get("gflops")
                .getAsDouble(), encoder.get("share_of_peak").getAsDouble(), 1e-9);
        assertTrue(measures.getAsJsonObject("train_step").has("loader_wait_median_ms"));
        JsonObject batched = measures.getAsJsonObject("embed_batched");
        assertEquals(batched.get("median_ms").getAsDouble() / 1000 / batched.get("audio_seconds").getAsDouble(),
                batched.get("real_time_factor").getAsDouble(), 1e-9);
        assertTrue(batched.get("audio_seconds").getAsDouble() > 500, "the whole bundled corpus");
        assertEquals(CorpusEmbedder.DEFAULT_BATCH, batched.get("batch_files").getAsInt());
        JsonObject memory = measures.getAsJsonObject("memory");
        assertEquals(20, memory.get("steps").getAsInt());
        assertEquals(20, memory.getAsJsonArray("samples_step_rss_heap_mb").size());
        assertTrue(memory.get("outside_heap_end_mb").getAsDouble() < memory.get("end_mb").getAsDouble());
        assertTrue(memory.get("end_mb").getAsDouble() > 10);
        JsonArray malloc = memory.getAsJsonArray("samples_step_malloc_heap_in_use_mapped_mb");
        assertEquals(20, malloc.size());  // glibc: step, heaps, in use, mapped blocks
        JsonArray last = malloc.get(19).getAsJsonArray();
        assertEquals(20, last.get(0).getAsInt());
        assertTrue(last.get(2).getAsDouble() > 1 && last.get(2).getAsDouble() <= last.get(1).getAsDouble()
                + last.get(3).getAsDouble(), last.toString());
        assertEquals(2, json.get("batch_triples").getAsInt());
        assertTrue(json.getAsJsonObject("versions").has("engine"));

        String markdown = Files.readString(tmp.resolve("out/bench.md"));
        assertTrue(markdown.contains("| measure | median | min | max | note |"), markdown);
        assertTrue(markdown.contains("| training step |"), markdown);
        assertTrue(Files.size(tmp.resolve("out/memory.png")) > 1000);
    }

    @Test
    void anUnknownMeasureIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Benchmark.Options(
                Path.of("train.yaml"), List.of(), Path.of("data"), 8, 1, 1, Set.of("speed"), 10, 1));
        assertTrue(e.getMessage().contains("'speed'"), e.getMessage());
    }
}
