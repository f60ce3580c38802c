package org.pase4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.downstream.CorpusEmbedder;
import org.pase4j.downstream.Npy;
import org.pase4j.downstream.PretrainedEncoder;
import org.pase4j.io.ModelFiles;
import org.pase4j.model.EncoderConfig;
import scala.jdk.javaapi.CollectionConverters;

/** The Spark job in {@code local[2]} on a few files of the bundled corpus, with a small random encoder. */
class SparkEmbedTest {

    /** A small encoder: 20 dimensions, hop 160 (the lib tests' tiny architecture). */
    private static final EncoderConfig SMALL = new EncoderConfig(true, false, true, 1, List.of(16, 32, 20),
            List.of(51, 21, 1), List.of(1, 160, 1), 512, false, "recipe", 50f, true, true);

    @TempDir
    static Path tmp;

    private static SparkSession spark;
    private static Path encoder;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("SparkEmbedTest")
                .config("spark.ui.enabled", false)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", 4)
                .getOrCreate();
        encoder = tmp.resolve("encoder.npz");
        try (PretrainedEncoder random = PretrainedEncoder.random(SMALL, 5)) {
            ModelFiles.exportEncoder(random.block(), encoder);
        }
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** @return the bundled corpus's files, sorted */
    private static List<Path> corpus() throws IOException {
        Path root = Path.of(System.getProperty("pase4j.repo", "..")).resolve("data/LibriSynth");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".flac")).sorted().toList();
        }
    }

    /** Copies bundled files into {@code folder/<speaker>/<name>}. */
    private static List<Path> copy(Path folder, int... indices) throws IOException {
        List<Path> all = corpus();
        List<Path> copies = new ArrayList<>();
        for (int i : indices) {
            Path source = all.get(i);
            Path target = folder.resolve(source.getParent().getParent().getFileName().toString())
                    .resolve(source.getFileName().toString());
            Files.createDirectories(target.getParent());
            copies.add(Files.copy(source, target));
        }
        return copies;
    }

    private static SparkEmbed.Summary embed(Path input, Path output) throws IOException {
        return SparkEmbed.builder().setEncoder(encoder.toString()).setInput(input.toString())
                .setOutput(output.toString()).build().run(spark);
    }

    /** @return the output's rows by path */
    private static Map<String, Row> rows(Path output) {
        Map<String, Row> rows = new HashMap<>();
        for (Row row : spark.read().parquet(output.toString()).collectAsList()) {
            assertNull(rows.put(row.getAs(EmbeddingTable.PATH), row), "one row per path");
        }
        return rows;
    }

    private static String uri(Path file) {
        return "file:" + file.toAbsolutePath();
    }

    @Test
    void rowsHoldWhatTheEmbedCommandWritesAsNpyFiles() throws IOException {
        Path in = tmp.resolve("same");
        List<Path> files = copy(in, 0, 50, 100, 191);
        Path out = tmp.resolve("same.parquet");
        SparkEmbed.Summary summary = embed(in, out);
        assertEquals(List.of(4L, 0L, 4L, 0L), List.of(summary.listed(), summary.skipped(), summary.embedded(),
                summary.failed()));

        Path npy = tmp.resolve("same-npy");
        // the job embeds each file alone, as `embed --batch 1` does (batched, embed's last 7-8 frames differ)
        CorpusEmbedder.builder().setInput(in).setOutput(npy).optBatch(1).build().run(encoder);
        Map<String, Row> rows = rows(out);
        assertEquals(4, rows.size());
        for (Path file : files) {
            Row row = rows.get(uri(file));
            String stem = file.getFileName().toString().replace(".flac", ".npy");
            float[][] expected = Npy.read(npy.resolve(file.getParent().getFileName().toString()).resolve(stem));
            assertNull(row.getAs(EmbeddingTable.ERROR));
            assertEquals(expected.length, (int) row.getAs(EmbeddingTable.FRAMES), "frames of " + file);
            assertEquals(20, (int) row.getAs(EmbeddingTable.DIMENSION));
            List<Object> embedding = row.getList(row.fieldIndex(EmbeddingTable.EMBEDDING));
            assertEquals(expected.length, embedding.size());
            double[] sum = new double[20];
            double[] squares = new double[20];
            for (int t = 0; t < expected.length; t++) {
                assertArrayEquals(expected[t], floats(embedding.get(t)), 1e-5f, file + " frame " + t);
                for (int d = 0; d < 20; d++) {
                    sum[d] += expected[t][d];
                    squares[d] += (double) expected[t][d] * expected[t][d];
                }
            }
            float[] pooled = floats(row.getList(row.fieldIndex(EmbeddingTable.POOLED)));
            assertEquals(40, pooled.length);
            for (int d = 0; d < 20; d++) {
                double mean = sum[d] / expected.length;
                double std = Math.sqrt(squares[d] / expected.length - mean * mean);  // population std
                assertEquals(mean, pooled[d], 1e-5, "mean " + d);
                assertEquals(std, pooled[20 + d], 1e-5, "std " + d);
            }
        }
    }

    /** An {@code array<float>} value: a Java list at the top of a row, a Scala sequence inside an array. */
    @SuppressWarnings("unchecked")
    private static float[] floats(Object values) {
        List<Float> list = values instanceof List ? (List<Float>) values
                : CollectionConverters.asJava((scala.collection.Seq<Float>) values);
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    @Test
    void aBadFileGetsARowWithItsErrorAndTheOthersAreEmbedded() throws IOException {
        Path in = tmp.resolve("bad");
        List<Path> good = copy(in, 3, 60);
        byte[] flac = Files.readAllBytes(good.get(0));
        Path cut = Files.write(in.resolve("cut.flac"), Arrays.copyOf(flac, flac.length / 2));
        Path empty = Files.createFile(in.resolve("empty.flac"));
        Path narrowband = wav(in.resolve("8k.wav"), 8000, 8000);
        Path blip = wav(in.resolve("blip.wav"), 16000, 20);
        Files.writeString(in.resolve("notes.txt"), "not audio, not listed");
        Path out = tmp.resolve("bad.parquet");

        SparkEmbed.Summary summary = embed(in, out);
        assertEquals(List.of(6L, 2L, 4L), List.of(summary.listed(), summary.embedded(), summary.failed()));
        Map<String, Row> rows = rows(out);
        for (Path file : good) {
            assertNull(rows.get(uri(file)).getAs(EmbeddingTable.ERROR));
            assertTrue((int) rows.get(uri(file)).getAs(EmbeddingTable.FRAMES) > 100);
        }
        assertError(rows, cut, ": truncated: decoded ");
        assertError(rows, empty, ": empty file, expected 16000 Hz mono 16-bit audio");
        assertError(rows, narrowband, ": sample rate 8000 Hz, expected 16000 Hz");
        assertError(rows, blip, ": too short to embed (20 samples)");

        Path missing = in.resolve("missing.flac");
        Path table = Files.write(tmp.resolve("bad.txt"), List.of(missing.toString(), "relative/x.flac"));
        SparkEmbed.Summary listed = SparkEmbed.builder().setEncoder(encoder.toString()).setPaths(table.toString())
                .setOutput(out.toString()).build().run(spark);
        assertEquals(List.of(2L, 0L, 0L, 2L), List.of(listed.listed(), listed.skipped(), listed.embedded(),
                listed.failed()));
        rows = rows(out);
        assertError(rows, missing, ": no such file");
        assertEquals("relative/x.flac: a relative path, expected an absolute path or a URI (/data/a.flac,"
                + " s3a://bucket/a.flac)", rows.get("relative/x.flac").getAs(EmbeddingTable.ERROR));
    }

    private static void assertError(Map<String, Row> rows, Path file, String problem) {
        Row row = rows.get(uri(file));
        String error = row.getAs(EmbeddingTable.ERROR);
        assertTrue(error.startsWith(uri(file) + problem), error);
        for (String column : List.of(EmbeddingTable.FRAMES, EmbeddingTable.DIMENSION, EmbeddingTable.EMBEDDING,
                EmbeddingTable.POOLED)) {
            assertNull(row.getAs(column), column + " of " + file);
        }
    }

    /** Writes a mono 16-bit WAV file of a quiet sine. */
    private static Path wav(Path file, int rate, int samples) throws IOException {
        byte[] bytes = new byte[2 * samples];
        for (int i = 0; i < samples; i++) {
            short s = (short) (3000 * Math.sin(i * 0.05));
            bytes[2 * i] = (byte) s;
            bytes[2 * i + 1] = (byte) (s >> 8);
        }
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        try (AudioInputStream audio = new AudioInputStream(new ByteArrayInputStream(bytes), format, samples)) {
            AudioSystem.write(audio, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }

    @Test
    void aRerunEmbedsOnlyWhatTheOutputLacks() throws IOException {
        Path in = tmp.resolve("rerun");
        List<Path> files = copy(in, 10, 20, 30);
        Path out = tmp.resolve("rerun.parquet");
        assertEquals(3, embed(in, out).embedded());

        SparkEmbed.Summary again = embed(in, out);
        assertEquals(List.of(3L, 3L, 0L, 0L), List.of(again.listed(), again.skipped(), again.embedded(),
                again.failed()), "nothing to do");
        assertEquals(3, rows(out).size());

        // the same files listed in a table, as plain paths, and one more: only that one is embedded
        Path extra = copy(tmp.resolve("extra"), 40).get(0);
        Path table = tmp.resolve("files.csv");
        List<String> lines = new ArrayList<>(List.of("speaker,path"));
        for (Path file : List.of(files.get(0), files.get(1), files.get(2), extra, files.get(1))) {
            lines.add("x," + file.toAbsolutePath());
        }
        Files.write(table, lines);
        SparkEmbed.Summary grown = SparkEmbed.builder().setEncoder(encoder.toString()).setPaths(table.toString())
                .setOutput(out.toString()).build().run(spark);
        assertEquals(List.of(4L, 3L, 1L, 0L), List.of(grown.listed(), grown.skipped(), grown.embedded(),
                grown.failed()));
        Map<String, Row> rows = rows(out);
        assertEquals(4, rows.size());
        assertNull(rows.get(uri(extra)).getAs(EmbeddingTable.ERROR));

        // a text table, and the output itself as a Parquet table of paths: all done already
        Path text = Files.write(tmp.resolve("files.txt"), List.of(uri(extra), "", files.get(2).toString()));
        for (SparkEmbed.Builder job : List.of(SparkEmbed.builder().setPaths(text.toString()),
                SparkEmbed.builder().setPaths(out.toString()).optPathsFormat(PathsFormat.PARQUET))) {
            SparkEmbed.Summary done = job.setEncoder(encoder.toString()).setOutput(out.toString()).build().run(spark);
            assertEquals(done.listed(), done.skipped());
            assertEquals(0, done.embedded() + done.failed());
        }
        assertEquals(4, rows(out).size());
    }

    @Test
    void wrongInputsFailBeforeAnyEmbeddingNamingWhatWasExpected() throws IOException {
        Path missing = tmp.resolve("missing");
        assertEquals("input " + missing + " does not exist, expected a .flac/.wav file or a folder of them",
                assertThrows(IOException.class, () -> embed(missing, tmp.resolve("never.parquet"))).getMessage());
        Path table = Files.write(tmp.resolve("list.csv"), List.of("file", "/a.flac"));
        assertEquals("table " + table + " (csv) has the columns [file], expected a 'path' column of audio paths",
                assertThrows(IllegalArgumentException.class, () -> SparkEmbed.builder().setEncoder("e.npz")
                        .setPaths(table.toString()).setOutput("o").build().run(spark)).getMessage());
        Path other = tmp.resolve("other.parquet");
        spark.range(3).write().parquet(other.toString());
        String message = assertThrows(IllegalArgumentException.class,
                () -> embed(copy(tmp.resolve("one"), 0).get(0), other)).getMessage();
        assertTrue(message.startsWith("output " + other + " holds a table struct<id:bigint>, expected struct<path:"),
                message);
        assertEquals(2, SparkEmbedCommand.run("--encoder", "e.npz", "--out", "o"), "neither --input nor --paths");
    }
}
