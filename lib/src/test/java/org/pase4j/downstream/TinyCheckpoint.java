package org.pase4j.downstream;

import java.io.IOException;
import java.nio.file.Path;
import org.pase4j.TinyRuns;
import org.pase4j.config.PaseConfig;
import org.pase4j.train.Trainer;

/** A real checkpoint for tests: one epoch of a small encoder (20 dimensions, hop 160) in seconds. */
public final class TinyCheckpoint {

    /** The tiny encoder's output size. */
    public static final int EMB_DIM = TinyRuns.EMB_DIM;

    private TinyCheckpoint() {}

    /**
     * Trains one epoch on 12 utterances of the bundled corpus.
     *
     * @param outputFolder the training output folder (created)
     * @return the checkpoint folder, {@code outputFolder/save/epoch-0001}
     * @throws IOException if training fails
     */
    public static Path train(Path outputFolder) throws IOException {
        return new Trainer(PaseConfig.from(TinyRuns.config(outputFolder, 1))).run().checkpoint();
    }
}
