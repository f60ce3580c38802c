package org.pase4j.label;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.pase4j.TestFiles;
import org.pase4j.audio.AudioReader;
import org.pase4j.data.AudioCache;
import org.pase4j.data.ChunkBatch;
import org.pase4j.data.ChunkSampler;
import org.pase4j.data.CorpusScanner;
import org.pase4j.data.Utterance;

/** Real training batches drawn from the bundled corpus. */
public final class Batches {

    private Batches() {}

    /**
     * @param size triples per batch
     * @param chunkSize samples per chunk
     * @return the first batch of epoch 0 over the first utterance of every chapter, seed 1986
     */
    public static ChunkBatch first(int size, int chunkSize) {
        try {
            List<Utterance> utterances = new ArrayList<>();
            for (CorpusScanner.Entry e : CorpusScanner.scan(TestFiles.bundledCorpus())) {
                if (e.id().endsWith("-0000")) {
                    double seconds = AudioReader.read(e.path()).length / (double) AudioReader.SAMPLE_RATE;
                    utterances.add(new Utterance(e.id(), e.path(), seconds, e.speaker()));
                }
            }
            return new ChunkSampler(utterances, chunkSize, size, 1986, new AudioCache(10_000_000)).epoch(0, 0).next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
