package org.pase4j;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

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

    /**
     * Writes 16-bit PCM as a WAV file.
     *
     * @param file the file
     * @param pcm the samples, channels interleaved
     * @param rate the sample rate
     * @param channels the channel count
     * @return the file
     * @throws IOException if it cannot be written
     */
    public static Path writeWav(Path file, short[] pcm, int rate, int channels) throws IOException {
        int frames = pcm.length / channels;
        byte[] bytes = new byte[frames * channels * 2];
        for (int i = 0; i < frames * channels; i++) {
            bytes[2 * i] = (byte) pcm[i];
            bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        AudioFormat format = new AudioFormat(rate, 16, channels, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes), format, frames)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }
}
