package org.pase4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the repository's bundled corpus and their audio fixtures. */
public final class TestFiles {

    private TestFiles() {}

    /** @return the repository root (set by the build as {@code pase4j.repo}) */
    public static Path repo() {
        return Path.of(System.getProperty("pase4j.repo", "..")).toAbsolutePath().normalize();
    }

    /** @return the bundled corpus root, {@code data/LibriSynth} */
    public static Path bundledCorpus() {
        return repo().resolve("data").resolve("LibriSynth");
    }

    /**
     * @param name a file of {@code src/test/resources/audio}
     * @return its path
     */
    public static Path audio(String name) {
        try {
            return Path.of(TestFiles.class.getResource("/audio/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test fixture audio/" + name, e);
        }
    }

    /**
     * Copies a file into a folder under a new name.
     *
     * @param source the file
     * @param target the new file (parent folders are created)
     * @return the new file
     */
    public static Path copy(Path source, Path target) {
        try {
            Files.createDirectories(target.getParent());
            return Files.copy(source, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
