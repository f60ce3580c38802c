package org.pase4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;
import org.pase4j.data.ArchiveServer;

class Pase4jTest {

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true));
            System.setErr(new PrintStream(e, true));
            int code = Pase4j.run(args);
            return new Run(code, o.toString(), e.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void prepareWritesManifestsAndPrintsASummaryThenReusesThem() {
        Path out = tmp.resolve("m");
        Run first = run("prepare", "--data-folder", TestFiles.bundledCorpus().toString(), "--out", out.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().startsWith("wrote manifests to " + out), first.out());
        assertTrue(first.out().contains("train  |         154  |        16"), first.out());
        assertTrue(Files.isRegularFile(out.resolve("valid.csv")));
        Run second = run("prepare", "--data-folder", TestFiles.bundledCorpus().toString(), "--out", out.toString());
        assertTrue(second.out().startsWith("manifests up to date in " + out), second.out());
    }

    @Test
    void errorsAreOneClearLine() {
        Run r = run("prepare", "--data-folder", tmp.resolve("nope").toString());
        assertEquals(1, r.code());
        assertEquals("error: data folder " + tmp.resolve("nope") + " does not exist or is not a folder",
                r.err().strip());
        Run usage = run("download");
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("Missing required option: '--data-folder=DIR'"), usage.err());
        Run subset = run("download", "--data-folder", tmp.toString(), "--subset", "train-clean-100");
        assertEquals("error: unknown subset 'train-clean-100', expected train-clean-5 or dev-clean-2", subset.err().strip());
    }

    @Test
    void downloadFetchesFromTheGivenServer() throws Exception {
        byte[] archive = ArchiveServer.archive("dev-clean-2",
                Map.of("19/198/19-198-0000.flac", Files.readAllBytes(TestFiles.audio("speech.flac"))));
        try (ArchiveServer http = new ArchiveServer("/resources/31/dev-clean-2.tar.gz", archive)) {
            String server = http.base().toString();
            Run r = run("download", "--data-folder", tmp.toString(), "--subset", "dev-clean-2", "--base-url",
                    server.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals("downloaded " + tmp.resolve("LibriSpeech/dev-clean-2"), r.out().strip());
            Run again = run("download", "--data-folder", tmp.toString(), "--subset", "dev-clean-2", "--base-url",
                    server.toString());
            assertEquals("already present: " + tmp.resolve("LibriSpeech/dev-clean-2"), again.out().strip());
        }
    }
}
