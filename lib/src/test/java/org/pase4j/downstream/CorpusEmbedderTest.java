package org.pase4j.downstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;
import org.pase4j.audio.AudioReader;
import org.pase4j.data.CorpusScanner;
import org.pase4j.model.ReceptiveField;

class CorpusEmbedderTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path tmp;

    private static CorpusEmbedder embedder(Path input, Path output) {
        return CorpusEmbedder.builder().setInput(input).setOutput(output).build();
    }

    private static Path touch(Path file, Instant modified) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.writeString(file, "x");
        }
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void aFolderKeepsItsLayoutBelowTheOutputAndASingleFileGoesStraightIn() throws IOException {
        Path in = tmp.resolve("in");
        for (String f : List.of("a/x.flac", "a/b/y.WAV", "z.flac", "notes.txt", "a/c/readme.md")) {
            touch(in.resolve(f), T0);
        }
        Path out = tmp.resolve("out");
        assertEquals(List.of(new CorpusEmbedder.Job(in.resolve("a/b/y.WAV"), out.resolve("a/b/y.npy")),
                new CorpusEmbedder.Job(in.resolve("a/x.flac"), out.resolve("a/x.npy")),
                new CorpusEmbedder.Job(in.resolve("z.flac"), out.resolve("z.npy"))), embedder(in, out).jobs());
        assertEquals(List.of(new CorpusEmbedder.Job(in.resolve("a/x.flac"), out.resolve("x.npy"))),
                embedder(in.resolve("a/x.flac"), out).jobs());

        touch(in.resolve("a/x.wav"), T0);
        assertEquals(in.resolve("a/x.flac") + " and " + in.resolve("a/x.wav") + " would both be embedded into "
                + out.resolve("a/x.npy") + ", expected one audio file per name",
                assertThrows(IOException.class, () -> embedder(in, out).jobs()).getMessage());
        assertEquals("no .flac or .wav file below " + in.resolve("a/c"),
                assertThrows(IOException.class, () -> embedder(in.resolve("a/c"), out).jobs()).getMessage());
        assertEquals("corpus embedder input " + in + ", output null: expected both set (setInput, setOutput)",
                assertThrows(IllegalArgumentException.class, () -> CorpusEmbedder.builder().setInput(in).build())
                        .getMessage());
    }

    @Test
    void aNpyFileIsUpToDateOnlyWhenNewerThanBothItsAudioAndTheEncoder() throws IOException {
        Path audio = touch(tmp.resolve("in/x.flac"), T0.plusSeconds(10));
        CorpusEmbedder.Job job = new CorpusEmbedder.Job(audio, tmp.resolve("out/x.npy"));
        FileTime encoder = FileTime.from(T0.plusSeconds(20));
        assertFalse(job.isUpToDate(encoder), "no .npy yet");
        touch(job.npy(), T0.plusSeconds(30));
        assertTrue(job.isUpToDate(encoder));
        assertFalse(job.isUpToDate(FileTime.from(T0.plusSeconds(40))), "the encoder was trained further");
        touch(audio, T0.plusSeconds(50));
        assertFalse(job.isUpToDate(encoder), "the audio changed");
        touch(job.npy(), T0.plusSeconds(50));
        assertFalse(job.isUpToDate(encoder), "written in the same instant as the audio is not newer");
    }

    @Test
    void runEmbedsWhatIsMissingOrStaleAndCountsTheRest() throws IOException {
        Path checkpoint = TinyCheckpoint.train(tmp.resolve("run"));
        List<CorpusScanner.Entry> entries = CorpusScanner.scan(TestFiles.bundledCorpus());
        Path in = tmp.resolve("in");
        Path x = TestFiles.copy(entries.get(0).path(), in.resolve("s1/x.flac"));
        Path y = TestFiles.copy(entries.get(30).path(), in.resolve("s2/y.flac"));
        Files.setLastModifiedTime(x, FileTime.from(T0));
        Files.setLastModifiedTime(y, FileTime.from(T0));
        Path out = tmp.resolve("out");

        CorpusEmbedder.Summary first = embedder(in, out).run(checkpoint);
        long samples = AudioReader.read(x).length + AudioReader.read(y).length;
        assertEquals(new CorpusEmbedder.Summary(2, 0, samples, first.seconds()), first);
        assertEquals(samples / 16000.0, first.audioSeconds(), 1e-9);
        assertEquals(first.seconds() / first.audioSeconds(), first.realTimeFactor(), 1e-12);
        try (PretrainedEncoder encoder = PretrainedEncoder.load(checkpoint)) {
            for (Path audio : List.of(x, y)) {
                float[] pcm = AudioReader.read(audio);
                float[][] expected = encoder.embed(pcm);
                float[][] written = Npy.read(out.resolve(in.relativize(audio).toString().replace(".flac", ".npy")));
                assertEquals(expected.length, written.length);
                int tail = ReceptiveField.of(encoder.config()).tailFrames(pcm.length);
                for (int t = 0; t < expected.length - tail; t++) {
                    assertArrayEquals(expected[t], written[t], 1e-4f, audio + " frame " + t);
                }
            }

            Files.setLastModifiedTime(out.resolve("s2/y.npy"), FileTime.from(T0.minusSeconds(1)));
            CorpusEmbedder.Summary second = embedder(in, out).run(encoder);
            assertEquals(1, second.embedded());
            assertEquals(1, second.upToDate());
            assertEquals(AudioReader.read(y).length, second.samples());
            assertEquals(new CorpusEmbedder.Summary(0, 2, 0, 0), zeroTime(embedder(in, out).run(encoder)));
            assertEquals(2, CorpusEmbedder.builder().setInput(in).setOutput(out).optForce(true).build().run(encoder)
                    .embedded());
        }
    }

    @Test
    void oneFilePerBatchWritesExactlyTheFramesOfEmbeddingEachAlone() throws IOException {
        Path checkpoint = TinyCheckpoint.train(tmp.resolve("run"));
        List<CorpusScanner.Entry> entries = CorpusScanner.scan(TestFiles.bundledCorpus());
        Path in = tmp.resolve("in");
        List<Path> audio = List.of(TestFiles.copy(entries.get(5).path(), in.resolve("a.flac")),
                TestFiles.copy(entries.get(60).path(), in.resolve("b.flac")),
                TestFiles.copy(entries.get(120).path(), in.resolve("c.flac")));
        CorpusEmbedder oneAtATime = CorpusEmbedder.builder().setInput(in).setOutput(tmp.resolve("out")).optBatch(1).build();
        try (PretrainedEncoder encoder = PretrainedEncoder.load(checkpoint)) {
            assertEquals(3, oneAtATime.run(encoder).embedded());
            for (Path a : audio) {
                float[][] expected = encoder.embed(AudioReader.read(a));
                float[][] written = Npy.read(tmp.resolve("out").resolve(a.getFileName().toString().replace(".flac", ".npy")));
                assertEquals(expected.length, written.length);
                for (int t = 0; t < expected.length; t++) {
                    assertArrayEquals(expected[t], written[t], 0f, a + " frame " + t);
                }
            }
        }
    }

    @Test
    void batchBoundsBelowOneAreRefusedByValue() {
        CorpusEmbedder.Builder builder = CorpusEmbedder.builder().setInput(tmp).setOutput(tmp);
        assertEquals("corpus embedder batch 0 files, 128000 samples: expected both >= 1",
                assertThrows(IllegalArgumentException.class, () -> builder.optBatch(0).build()).getMessage());
        assertEquals("corpus embedder batch 4 files, 0 samples: expected both >= 1",
                assertThrows(IllegalArgumentException.class, () -> builder.optBatch(4).optBatchSamples(0).build())
                        .getMessage());
        CorpusEmbedder embedder = builder.optBatch(4).optBatchSamples(16000).build();
        assertEquals(4, embedder.batch());
        assertEquals(16000, embedder.batchSamples());
    }

    private static CorpusEmbedder.Summary zeroTime(CorpusEmbedder.Summary s) {
        return new CorpusEmbedder.Summary(s.embedded(), s.upToDate(), s.samples(), 0);
    }
}
