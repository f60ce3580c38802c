package org.pase4j.data;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ProgressBar;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.pase4j.util.FileTrees;
import org.pase4j.util.Progress;

/**
 * Extracts {@code .tar.gz} archives into a fresh temporary folder, so that a corpus is never seen
 * half-extracted: callers rename the finished folder into place.
 */
public final class ArchiveExtractor {

    private ArchiveExtractor() {}

    /**
     * Extracts an archive into a new folder that must not exist yet. On any failure the folder is
     * deleted again and the error names the archive.
     *
     * @param archive a {@code .tar.gz} file
     * @param folder the folder to create and fill
     * @throws IOException if the archive is corrupt, an entry would land outside {@code folder} (a {@code ..} or
     *     absolute name), or is a link
     */
    public static void extractTarGz(Path archive, Path folder) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        Files.createDirectories(root.getParent());
        Files.createDirectory(root);
        long size = Files.size(archive);
        try (ProgressBar bar = Progress.bar("extracting " + archive.getFileName(), size, "MB", 1 << 20);
                InputStream raw = new Counting(new BufferedInputStream(Files.newInputStream(archive), 1 << 16), bar);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("entry '" + entry.getName() + "' points outside the extraction folder");
                }
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw new IOException("entry '" + entry.getName() + "' is a link (to '" + entry.getLinkName()
                            + "'), expected only folders and files");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isFile()) {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                }
            }
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(root);
            throw new IOException("archive " + archive + " is corrupt or unreadable (" + e.getMessage() + ")", e);
        }
    }

    /** Steps a progress bar with the compressed bytes read. */
    private static final class Counting extends FilterInputStream {
        private final ProgressBar bar;

        Counting(InputStream in, ProgressBar bar) {
            super(in);
            this.bar = bar;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bar.step();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                bar.stepBy(n);
            }
            return n;
        }
    }
}
