package org.pase4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;
import org.pase4j.util.Checksums;
import org.pase4j.data.MiniLibriSpeech.Subset;

class MiniLibriSpeechTest {

    @TempDir
    Path data;

    private byte[] flac;
    private byte[] archive;

    @BeforeEach
    void buildArchive() throws IOException {
        flac = Files.readAllBytes(TestFiles.audio("speech.flac"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("19/198/19-198.trans.txt", "19-198-0000 THE QUICK BROWN FOX\n".getBytes());
        files.put("19/198/19-198-0000.flac", flac);
        files.put("26/495/26-495-0000.flac", flac);
        // incompressible padding so that the archive is large enough to be cut in the middle
        byte[] noise = new byte[300_000];
        new Random(7).nextBytes(noise);
        files.put("26/495/noise.bin", noise);
        archive = ArchiveServer.archive("train-clean-5", files);
    }

    private static MiniLibriSpeech client(ArchiveServer server) {
        return new MiniLibriSpeech(server.base(), new HttpDownloader(3, Duration.ZERO, Duration.ofSeconds(10)));
    }

    private void assertExtracted() throws IOException {
        Path subset = MiniLibriSpeech.subsetFolder(data, Subset.TRAIN_CLEAN_5);
        assertArrayEquals(flac, Files.readAllBytes(subset.resolve("19/198/19-198-0000.flac")));
        assertArrayEquals(flac, Files.readAllBytes(subset.resolve("26/495/26-495-0000.flac")));
        assertTrue(Files.isRegularFile(data.resolve("LibriSpeech/SPEAKERS.TXT")));
        assertEquals(List.of("LibriSpeech"), list(data), "no archive, part file or temporary folder left");
        assertEquals(2, CorpusScanner.scan(subset).size());
    }

    private static List<String> list(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsExtractsAndSkipsWhenPresent() throws IOException {
        try (ArchiveServer server = new ArchiveServer("/resources/31/train-clean-5.tar.gz", archive)) {
            assertTrue(client(server).fetch(data, Subset.TRAIN_CLEAN_5, Checksums.sha256(write(archive))));
            assertExtracted();
            assertEquals(List.of(""), server.ranges);
            assertFalse(client(server).fetch(data, Subset.TRAIN_CLEAN_5, null));
            assertEquals(1, server.ranges.size(), "a present subset is not downloaded again");
        }
    }

    private Path write(byte[] bytes) throws IOException {
        Path dir = Files.createTempDirectory("archive");
        return Files.write(dir.resolve("a.tar.gz"), bytes);
    }

    @Test
    void resumesWithRangeAfterTheConnectionIsCut() throws IOException {
        try (ArchiveServer server = new ArchiveServer("/resources/31/train-clean-5.tar.gz", archive)) {
            server.cuts.add(100_000L);
            server.cuts.add(50_000L);
            assertTrue(client(server).fetch(data, Subset.TRAIN_CLEAN_5, null));
            assertEquals(List.of("", "bytes=100000-", "bytes=150000-"), server.ranges);
            assertExtracted();
        }
    }

    @Test
    void startsAgainWhenTheServerIgnoresRange() throws IOException {
        try (ArchiveServer server = new ArchiveServer("/resources/31/train-clean-5.tar.gz", archive)) {
            server.ignoreRange = true;
            server.cuts.add(100_000L);
            assertTrue(client(server).fetch(data, Subset.TRAIN_CLEAN_5, null));
            assertEquals(List.of("", "bytes=100000-"), server.ranges);
            assertExtracted();
        }
    }

    @Test
    void aPartialDownloadFromAnEarlierRunIsResumed() throws IOException {
        Files.write(data.resolve("train-clean-5.tar.gz.part"), java.util.Arrays.copyOf(archive, 12345));
        try (ArchiveServer server = new ArchiveServer("/resources/31/train-clean-5.tar.gz", archive)) {
            client(server).fetch(data, Subset.TRAIN_CLEAN_5, null);
            assertEquals(List.of("bytes=12345-"), server.ranges);
            assertExtracted();
        }
    }

    @Test
    void givesUpAfterTheLastAttemptAndKeepsThePartFile() throws IOException {
        try (ArchiveServer server = new ArchiveServer("/resources/31/train-clean-5.tar.gz", archive)) {
            server.cuts.addAll(List.of(1000L, 1000L, 1000L));
            IOException e = assertThrows(IOException.class, () -> client(server).fetch(data, Subset.TRAIN_CLEAN_5, null));
            assertTrue(e.getMessage().contains("failed after 3 attempts"), e.getMessage());
            assertEquals(3000, Files.size(data.resolve("train-clean-5.tar.gz.part")));
            assertFalse(Files.exists(MiniLibriSpeech.subsetFolder(data, Subset.TRAIN_CLEAN_5)));
            // the next run picks up where this one stopped
            client(server).fetch(data, Subset.TRAIN_CLEAN_5, null);
            assertEquals("bytes=3000-", server.ranges.get(3));
            assertExtracted();
        }
    }

    @Test
    void aCorruptArchiveLeavesNothingThatLooksComplete() throws IOException {
        byte[] corrupt = archive.clone();
        for (int i = corrupt.length / 3; i < corrupt.length / 3 + 200; i++) {
            corrupt[i] ^= (byte) 0xff;
        }
        try (ArchiveServer server = new ArchiveServer("/resources/31/train-clean-5.tar.gz", corrupt)) {
            IOException e = assertThrows(IOException.class, () -> client(server).fetch(data, Subset.TRAIN_CLEAN_5, null));
            assertTrue(e.getMessage().startsWith("archive " + data.resolve("train-clean-5.tar.gz") + " is corrupt"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("run again to download it anew"), e.getMessage());
            assertEquals(List.of(), list(data), "no subset folder, no temporary folder, no archive");
        }
    }

    @Test
    void aWrongChecksumIsRefused() throws IOException {
        try (ArchiveServer server = new ArchiveServer("/resources/31/train-clean-5.tar.gz", archive)) {
            String wrong = "0".repeat(64);
            IOException e = assertThrows(IOException.class, () -> client(server).fetch(data, Subset.TRAIN_CLEAN_5, wrong));
            assertTrue(e.getMessage().contains("expected " + wrong), e.getMessage());
            assertEquals(List.of(), list(data));
        }
    }

    @Test
    void aMissingFileNamesTheHttpStatus() throws IOException {
        try (ArchiveServer server = new ArchiveServer("/resources/31/other.tar.gz", archive)) {
            IOException e = assertThrows(IOException.class, () -> client(server).fetch(data, Subset.DEV_CLEAN_2, null));
            assertTrue(e.getMessage().contains("HTTP 404 for " + server.base() + "dev-clean-2.tar.gz"), e.getMessage());
        }
    }
}
