package org.pase4j.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pase4j.audio.AudioFileException;
import org.pase4j.audio.AudioReader;

/**
 * Decoded utterances kept in memory up to a budget in samples, least recently used first out. Small
 * corpora are decoded once; large ones are decoded again when they fall out. Not thread-safe: one
 * loader thread owns it.
 */
public final class AudioCache {

    private final long budget;
    private long held;
    private final LinkedHashMap<Path, float[]> entries = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * Creates a cache.
     *
     * @param budgetSamples the most samples to hold (4 bytes each); 0 disables caching
     */
    public AudioCache(long budgetSamples) {
        if (budgetSamples < 0) {
            throw new IllegalArgumentException("cache budget " + budgetSamples + " samples, expected >= 0");
        }
        this.budget = budgetSamples;
    }

    /**
     * The samples of a file, decoded now or taken from the cache.
     *
     * @param file the audio file
     * @return its samples (shared: do not modify)
     * @throws AudioFileException if the file is unusable
     */
    public float[] get(Path file) throws AudioFileException {
        float[] wav = entries.get(file);
        if (wav != null) {
            return wav;
        }
        wav = AudioReader.read(file);
        if (wav.length <= budget) {
            entries.put(file, wav);
            held += wav.length;
            var it = entries.entrySet().iterator();
            while (held > budget && it.hasNext()) {
                Map.Entry<Path, float[]> eldest = it.next();
                held -= eldest.getValue().length;
                it.remove();
            }
        }
        return wav;
    }
}
