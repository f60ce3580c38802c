package org.pase4j.downstream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pase4j.TestFiles;
import org.pase4j.model.ToyLabeller;
import org.pase4j.model.ToyWorker;
import org.pase4j.train.Trainer;

/** A real checkpoint for tests: one epoch of a small encoder (20 dimensions, hop 160) in seconds. */
public final class TinyCheckpoint {

    /** The tiny encoder's output size. */
    public static final int EMB_DIM = 20;

    private TinyCheckpoint() {}

    /**
     * Trains one epoch on 12 utterances of the bundled corpus.
     *
     * @param outputFolder the training output folder (created)
     * @return the checkpoint folder, {@code outputFolder/save/epoch-0001}
     * @throws IOException if training fails
     */
    public static Path train(Path outputFolder) throws IOException {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("seed", 5);
        yaml.put("data_folder", TestFiles.bundledCorpus().toString());
        yaml.put("output_folder", outputFolder.toString());
        yaml.put("ckpt_save_interval", 1);
        yaml.put("chunk_size", 3200);
        yaml.put("number_of_epochs", 1);
        yaml.put("batch_size", 4);
        yaml.put("max_utterances", 12);
        yaml.put("encoder_model", Map.of("use_qrnn", false, "use_skip_conns", true, "blocks_channels",
                List.of(8, 32, EMB_DIM), "blocks_kernel_sizes", List.of(25, 21, 1), "blocks_strides", List.of(1, 160, 1)));
        yaml.put("workers_config", Map.of("regressor", List.of("toy")));
        yaml.put("toy_model", Map.of("class", ToyWorker.class.getName()));
        yaml.put("toy_labeller", ToyLabeller.class.getName());
        return new Trainer(yaml).run().checkpoint();
    }
}
