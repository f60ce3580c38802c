package org.pase4j.label;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pase4j.data.ChunkBatch;

/** Prints how long each labeller takes on a batch of 8 one-second anchors (not an assertion: machines differ). */
class LabellerTimingTest {

    private static final int WARM_UP = 3;
    private static final int RUNS = 10;

    @Test
    void printsMillisecondsPerBatch() {
        ChunkBatch batch = Batches.first(8, 16000);
        List<Labeller> labellers = List.of(new WaveformLabeller(), new MfccLabeller(), new LpsLabeller(),
                new ProsodyLabeller(), new LimLabeller(), new GimLabeller(), new SpcLabeller());
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Labeller labeller : labellers) {
                for (int i = 0; i < WARM_UP; i++) {
                    try (NDManager step = manager.newSubManager()) {
                        labeller.label(batch, step);
                    }
                }
                long start = System.nanoTime();
                for (int i = 0; i < RUNS; i++) {
                    try (NDManager step = manager.newSubManager()) {
                        labeller.label(batch, step);
                    }
                }
                System.out.printf("%-16s %7.2f ms per batch of 8 x 1 s%n", labeller.getClass().getSimpleName(),
                        (System.nanoTime() - start) / 1e6 / RUNS);
            }
        }
    }
}
