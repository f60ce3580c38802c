package org.pase4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads and archives built to hurt: refused in words, nothing written outside the data folder. */
class HostileDownloadTest {

    @TempDir
    Path tmp;

    @Test
    void aWebPageServedInsteadOfTheArchiveIsRefusedAtOnce() throws IOException {
        byte[] page = "<html><body>Please sign in</body></html>".getBytes(StandardCharsets.UTF_8);
        try (ArchiveServer server = new ArchiveServer("/resources/31/train-clean-5.tar.gz", page)) {
            server.contentType = "text/html; charset=utf-8";
            MiniLibriSpeech client = new MiniLibriSpeech(server.base(),
                    new HttpDownloader(5, Duration.ZERO, Duration.ofSeconds(10)));
            String message = assertThrows(IOException.class,
                    () -> client.fetch(tmp.resolve("data"), MiniLibriSpeech.Subset.TRAIN_CLEAN_5, null)).getMessage();
            assertTrue(message.contains("the server sent a web page (text/html; charset=utf-8) instead of the archive"),
                    message);
            assertEquals(1, server.ranges.size(), "not retried: " + server.ranges);
        }
        assertFalse(Files.exists(tmp.resolve("data/LibriSpeech")));
    }

    @Test
    void anUnknownHostIsNamedInWordsAndNotRetried() {
        URI uri = URI.create("http://pase4j-no-such-host.invalid/resources/31/train-clean-5.tar.gz");
        String message = assertThrows(IOException.class, () -> new HttpDownloader(5, Duration.ofSeconds(30),
                Duration.ofSeconds(10)).download(uri, tmp.resolve("x.tar.gz"), null)).getMessage();
        assertTrue(message.contains("host pase4j-no-such-host.invalid not found (no network, or no name server that "
                + "knows it)"), message);
        assertFalse(message.contains("attempts"), "not retried: " + message);
    }

    @Test
    void aRefusedConnectionIsRetriedAndSaidInWords() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/x.tar.gz");
        String message = assertThrows(IOException.class, () -> new HttpDownloader(2, Duration.ZERO,
                Duration.ofSeconds(10)).download(uri, tmp.resolve("x.tar.gz"), null)).getMessage();
        assertTrue(message.contains("failed after 2 attempts (connection to 127.0.0.1:" + port + " refused"), message);
    }

    @Test
    void archiveEntriesThatLeaveTheFolderOrAreLinksAreRefused() throws IOException {
        for (List<String> entry : List.of(List.of("../evil.txt", ""), List.of("LibriSpeech/../../evil.txt", ""),
                List.of(tmp.resolve("absolute.txt").toString(), ""), List.of("LibriSpeech/link", "/etc/passwd"),
                List.of("LibriSpeech/hard", "../../evil.txt"))) {
            Path archive = tar(entry.get(0), entry.get(1));
            Path target = tmp.resolve("extracted");
            String message = assertThrows(IOException.class, () -> ArchiveExtractor.extractTarGz(archive, target))
                    .getMessage();
            assertTrue(message.startsWith("archive " + archive + " is corrupt or unreadable (entry '" + entry.get(0) + "'"),
                    message);
            assertFalse(Files.exists(target), "the half-extracted folder is deleted");
            assertFalse(Files.exists(tmp.resolve("evil.txt")) || Files.exists(tmp.resolve("absolute.txt")),
                    "nothing written outside the target folder");
            Files.delete(archive);
        }
    }

    /** A .tar.gz with one entry: a file with {@code name}, or a link to {@code link} when that is not empty. */
    private Path tar(String name, String link) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry e;
            if (link.isEmpty()) {
                e = new TarArchiveEntry(name, true);
                byte[] data = "gotcha".getBytes(StandardCharsets.UTF_8);
                e.setSize(data.length);
                tar.putArchiveEntry(e);
                tar.write(data);
            } else {
                e = new TarArchiveEntry(name, name.endsWith("hard") ? TarArchiveEntry.LF_LINK : TarArchiveEntry.LF_SYMLINK);
                e.setLinkName(link);
                tar.putArchiveEntry(e);
            }
            tar.closeArchiveEntry();
        }
        return Files.write(tmp.resolve("hostile.tar.gz"), bytes.toByteArray());
    }
}
