package org.pase4j.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.pase4j.util.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mini LibriSpeech (OpenSLR resource 31): downloads a subset archive into a data folder and extracts
 * it to {@code <data folder>/LibriSpeech/<subset>/}, the layout of the original corpus.
 *
 * <p>Extraction goes to a temporary folder that is renamed into place when complete, so a subset folder
 * that exists is always whole; a present subset is never downloaded again. The archive is deleted after
 * a successful extraction, and a corrupt archive is deleted so that the next run downloads it anew.
 */
public final class MiniLibriSpeech {

    /** Where OpenSLR serves resource 31. */
    public static final URI DEFAULT_BASE = URI.create("https://www.openslr.org/resources/31/");

    private static final Logger LOG = LoggerFactory.getLogger(MiniLibriSpeech.class);

    /** The subsets of Mini LibriSpeech. */
    public enum Subset {
        /** 5 hours of training speech, the only subset the recipe uses. */
        TRAIN_CLEAN_5("train-clean-5"),
        /** The development subset. */
        DEV_CLEAN_2("dev-clean-2");

        private final String folderName;

        Subset(String folderName) {
            this.folderName = folderName;
        }

        /** @return the subset's folder name, e.g. {@code train-clean-5} */
        public String folderName() {
            return folderName;
        }

        /** @return the archive's file name, e.g. {@code train-clean-5.tar.gz} */
        public String archiveName() {
            return folderName + ".tar.gz";
        }
    }

    private final URI base;
    private final HttpDownloader downloader;

    /**
     * Creates a fetcher.
     *
     * @param base the folder URL that holds the archives (must end with {@code /})
     * @param downloader the downloader to use
     */
    public MiniLibriSpeech(URI base, HttpDownloader downloader) {
        if (!base.getPath().endsWith("/")) {
            throw new IllegalArgumentException("base URL " + base + " must end with '/'");
        }
        this.base = base;
        this.downloader = downloader;
    }

    /**
     * The folder a subset is extracted to.
     *
     * @param dataFolder the data folder
     * @param subset the subset
     * @return {@code dataFolder/LibriSpeech/<subset>}
     */
    public static Path subsetFolder(Path dataFolder, Subset subset) {
        return dataFolder.resolve("LibriSpeech").resolve(subset.folderName());
    }

    /**
     * Makes sure a subset is present: downloads and extracts it unless its folder exists.
     *
     * @param dataFolder the data folder
     * @param subset the subset
     * @param sha256 expected SHA-256 of the archive, or {@code null}
     * @return true if something was downloaded, false if the subset was already present
     * @throws IOException if downloading or extracting fails
     */
    public boolean fetch(Path dataFolder, Subset subset, String sha256) throws IOException {
        Path target = subsetFolder(dataFolder, subset);
        if (Files.isDirectory(target)) {
            LOG.info("{} is already present in {}", subset.folderName(), target);
            return false;
        }
        Path archive = dataFolder.resolve(subset.archiveName());
        downloader.download(base.resolve(subset.archiveName()), archive, sha256);
        Path tmp = dataFolder.resolve("." + subset.folderName() + ".extracting");
        FileTrees.delete(tmp);
        try {
            ArchiveExtractor.extractTarGz(archive, tmp);
        } catch (IOException e) {
            Files.deleteIfExists(archive);
            throw new IOException(e.getMessage() + "; the archive was deleted, run again to download it anew", e);
        }
        Path extracted = tmp.resolve("LibriSpeech").resolve(subset.folderName());
        if (!Files.isDirectory(extracted)) {
            FileTrees.delete(tmp);
            Files.deleteIfExists(archive);
            throw new IOException("archive " + archive + " has no LibriSpeech/" + subset.folderName()
                    + "/ folder; the archive was deleted");
        }
        Files.createDirectories(target.getParent());
        Files.move(extracted, target, StandardCopyOption.ATOMIC_MOVE);
        try (DirectoryStream<Path> rest = Files.newDirectoryStream(tmp.resolve("LibriSpeech"), Files::isRegularFile)) {
            for (Path file : rest) {
                Path dest = target.getParent().resolve(file.getFileName());
                if (!Files.exists(dest)) {
                    Files.move(file, dest);
                }
            }
        }
        FileTrees.delete(tmp);
        Files.delete(archive);
        LOG.info("{} is ready in {}", subset.folderName(), target);
        return true;
    }
}
