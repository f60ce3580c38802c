package org.pase4j.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One utterance of a corpus, as listed in a manifest.
 *
 * @param id LibriSpeech utterance id, e.g. {@code 1001-100101-0003}
 * @param path the audio file
 * @param duration length in seconds
 * @param speaker speaker id, e.g. {@code 1001}
 */
public record Utterance(String id, Path path, double duration, String speaker) {

    /** Checks the fields. */
    public Utterance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(speaker, "speaker");
        if (!(duration > 0)) {
            throw new IllegalArgumentException("utterance " + id + ": duration " + duration + " s, expected > 0");
        }
    }
}
