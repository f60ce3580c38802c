package org.pase4j.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An audio file that cannot be used: missing, empty, truncated, corrupt or not in the 16 kHz mono
 * 16-bit format pase4j expects. The message names the file and what was expected.
 */
public class AudioFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final Path file;

    /**
     * Creates an exception for a file.
     *
     * @param file the offending file
     * @param problem what is wrong with it, e.g. {@code "sample rate 44100 Hz, expected 16000 Hz"}
     */
    public AudioFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /**
     * Creates an exception for a file, keeping the low-level cause.
     *
     * @param file the offending file
     * @param problem what is wrong with it
     * @param cause the decoder's exception
     */
    public AudioFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** @return the offending file */
    public Path file() {
        return file;
    }
}
