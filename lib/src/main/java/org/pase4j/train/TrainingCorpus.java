package org.pase4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pase4j.config.TrainConfig;
import org.pase4j.data.DataPreparer;
import org.pase4j.data.HttpDownloader;
import org.pase4j.data.MiniLibriSpeech;
import org.pase4j.data.Splits;
import org.pase4j.data.Utterance;

/**
 * The utterances a run trains and validates on: Mini LibriSpeech's train-clean-5 downloaded when
 * {@code download_mini_librispeech} asks for it, else the corpus below {@code data_folder}, split by
 * speaker-stratified utterance ({@link Splits#DEFAULT}) into manifests in the output folder, each split cut
 * to {@code max_utterances} spread evenly over it.
 */
public final class TrainingCorpus {

    private TrainingCorpus() {}

    /**
     * Prepares the splits.
     *
     * @param config the training settings
     * @return {@code train}, {@code valid} and {@code test} utterances
     * @throws IOException if the corpus cannot be downloaded or read
     */
    public static Map<String, List<Utterance>> splits(TrainConfig config) throws IOException {
        Path corpus = config.dataFolder();
        if (config.downloadMiniLibrispeech()) {
            try {
                new MiniLibriSpeech(MiniLibriSpeech.DEFAULT_BASE, new HttpDownloader())
                        .fetch(config.dataFolder(), MiniLibriSpeech.Subset.TRAIN_CLEAN_5, null);
            } catch (IOException e) {
                throw new IOException("Mini LibriSpeech is not in " + config.dataFolder() + " and could not be "
                        + "downloaded (" + e.getMessage() + "). Offline, train on the bundled corpus: "
                        + "`train quick.yaml`, or set data_folder to a LibriSpeech-layout corpus and "
                        + "download_mini_librispeech=false", e);
            }
            corpus = MiniLibriSpeech.subsetFolder(config.dataFolder(), MiniLibriSpeech.Subset.TRAIN_CLEAN_5);
        }
        Map<String, List<Utterance>> splits = new DataPreparer(Splits.DEFAULT, config.seed())
                .prepare(corpus, config.outputFolder().resolve("manifests"), false).splits();
        if (config.maxUtterances() == 0) {
            return splits;
        }
        Map<String, List<Utterance>> limited = new LinkedHashMap<>();
        splits.forEach((name, list) -> limited.put(name, spread(list, config.maxUtterances())));
        return limited;
    }

    /** At most {@code n} utterances spread evenly over a sorted list, so that speakers stay mixed. */
    private static List<Utterance> spread(List<Utterance> list, int n) {
        if (list.size() <= n) {
            return list;
        }
        List<Utterance> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(list.get((int) ((long) i * list.size() / n)));
        }
        return out;
    }
}
