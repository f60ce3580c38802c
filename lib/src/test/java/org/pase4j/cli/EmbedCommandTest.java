package org.pase4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;
import org.pase4j.audio.AudioReader;
import org.pase4j.data.CorpusScanner;
import org.pase4j.downstream.Npy;
import org.pase4j.downstream.PretrainedEncoder;
import org.pase4j.downstream.TinyCheckpoint;
import org.pase4j.model.ReceptiveField;
import picocli.CommandLine;

class EmbedCommandTest {

    @TempDir
    static Path shared;

    static Path checkpoint;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() throws IOException {
        checkpoint = TinyCheckpoint.train(shared.resolve("run"));
    }

    private record Run(int code, String out) {}

    private static Run embed(String... args) {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new EmbedCommand()).setOut(new PrintWriter(out)).execute(args);
        return new Run(code, out.toString().strip());
    }

    /** Copies three bundled utterances to {@code in/a/}, {@code in/a/b/} and {@code in/}. */
    private List<Path> inputTree() throws IOException {
        List<CorpusScanner.Entry> entries = CorpusScanner.scan(TestFiles.bundledCorpus());
        Path in = tmp.resolve("in");
        FileTime past = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
        List<Path> files = List.of(in.resolve("a/x.flac"), in.resolve("a/b/y.flac"), in.resolve("z.flac"));
        for (int i = 0; i < files.size(); i++) {
            TestFiles.copy(entries.get(i * 20).path(), files.get(i));
            Files.setLastModifiedTime(files.get(i), past);
        }
        return files;
    }

    @Test
    void embedsAFolderKeepingItsLayoutAndASingleFileAsTheEncoderDoes() throws IOException {
        List<Path> audio = inputTree();
        Path out = tmp.resolve("out");
        Path alone = tmp.resolve("alone");
        Run r = embed("--encoder", checkpoint.getParent().getParent().toString(), "--input", tmp.resolve("in").toString(),
                "--out", out.toString());
        assertEquals(0, r.code());
        assertTrue(r.out().matches("embedded 3 files into " + out + ": \\d+\\.\\d s of audio in \\d+\\.\\d s,"
                + " real-time factor \\d+\\.\\d{3}"), r.out());
        assertEquals(0, embed("--encoder", checkpoint.toString(), "--input", tmp.resolve("in").toString(), "--out",
                alone.toString(), "--batch", "1").code());
        List<Path> npy = List.of(Path.of("a/x.npy"), Path.of("a/b/y.npy"), Path.of("z.npy"));
        try (PretrainedEncoder encoder = PretrainedEncoder.load(checkpoint)) {
            ReceptiveField field = ReceptiveField.of(encoder.config());
            for (int i = 0; i < audio.size(); i++) {
                float[] samples = AudioReader.read(audio.get(i));
                float[][] batched = Npy.read(out.resolve(npy.get(i)));
                float[][] oneAtATime = Npy.read(alone.resolve(npy.get(i)));
                assertEquals((samples.length + 159) / 160, batched.length, "one frame per started 10 ms: " + npy.get(i));
                assertEquals(TinyCheckpoint.EMB_DIM, batched[0].length);
                float[][] expected = encoder.embed(samples);
                assertEquals(expected.length, oneAtATime.length);
                for (int t = 0; t < expected.length; t++) {
                    assertArrayEquals(expected[t], oneAtATime[t], 0f, npy.get(i) + " frame " + t + ", --batch 1");
                }
                for (int t = 0; t < expected.length - field.tailFrames(samples.length); t++) {
                    assertArrayEquals(expected[t], batched[t], 1e-4f, npy.get(i) + " frame " + t + ", batched");
                }
            }
        }

        Path single = tmp.resolve("single");
        Run one = embed("--encoder", checkpoint.toString(), "--input", audio.get(2).toString(), "--out", single.toString());
        assertEquals(0, one.code());
        assertTrue(one.out().startsWith("embedded 1 file into " + single + ": "), one.out());
        float[][] batchedWithOthers = Npy.read(out.resolve("z.npy"));
        float[][] batchedAlone = Npy.read(single.resolve("z.npy"));
        assertEquals(batchedWithOthers.length, batchedAlone.length);
        for (int t = 0; t < batchedAlone.length; t++) {
            assertArrayEquals(batchedWithOthers[t], batchedAlone[t], 1e-4f, "z.npy frame " + t + " depends on its batch");
        }
    }

    @Test
    void upToDateFilesAreKeptUnlessTheAudioChangedOrForceIsGiven() throws IOException {
        List<Path> audio = inputTree();
        Path out = tmp.resolve("out");
        String[] args = {"--encoder", checkpoint.toString(), "--input", tmp.resolve("in").toString(), "--out",
            out.toString()};
        assertEquals(0, embed(args).code());
        FileTime written = Files.getLastModifiedTime(out.resolve("z.npy"));

        assertEquals("all 3 .npy files in " + out + " up to date (--force embeds again)", embed(args).out());
        assertEquals(written, Files.getLastModifiedTime(out.resolve("z.npy")));

        Files.setLastModifiedTime(audio.get(2), FileTime.from(written.toInstant().plusSeconds(60)));
        Run changed = embed(args);
        assertTrue(changed.out().startsWith("embedded 1 file into ") && changed.out().endsWith("; 2 up to date"),
                changed.out());

        String[] forced = {"--encoder", checkpoint.toString(), "--input", tmp.resolve("in").toString(), "--out",
            out.toString(), "--force"};
        assertTrue(embed(forced).out().startsWith("embedded 3 files into "));
    }

    @Test
    void badInputIsReportedWithItsName() throws IOException {
        Path missing = tmp.resolve("nope.flac");
        assertEquals("input " + missing + " does not exist, expected a .flac/.wav file or a folder of them",
                failure("--input", missing.toString()));

        Path folder = tmp.resolve("8k");
        Path wav = TestFiles.copy(TestFiles.audio("speech-8k.wav"), folder.resolve("sub/speech-8k.wav"));
        assertEquals(wav + ": sample rate 8000 Hz, expected 16000 Hz (resample it, e.g. sox in.flac -r 16000 out.flac)",
                failure("--input", folder.toString()));

        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertEquals("input " + text + " is not a .flac or .wav file", failure("--input", text.toString()));
        assertEquals("no .flac or .wav file below " + tmp.resolve("out"),
                failure("--input", Files.createDirectories(tmp.resolve("out")).toString()));

        Path shortFile = TestFiles.writeWav(Files.createDirectories(tmp.resolve("short")).resolve("clip.wav"),
                new short[25], 16000, 1);
        TestFiles.copy(TestFiles.audio("speech.flac"), tmp.resolve("short/speech.flac"));
        assertEquals(shortFile + ": too short to embed (25 samples, expected at least 26 for the encoder's reflect"
                + " padding)", failure("--input", tmp.resolve("short").toString()), "the tiny encoder pads 25 samples");
        assertFalse(Files.exists(tmp.resolve("out/speech.npy")), "checked before anything is embedded");
    }

    private String failure(String... inputArgs) {
        EmbedCommand command = new EmbedCommand();
        new CommandLine(command).parseArgs(
                "--encoder", checkpoint.toString(), "--out", tmp.resolve("out").toString(), inputArgs[0], inputArgs[1]);
        return assertThrows(IOException.class, command::call).getMessage();
    }
}
