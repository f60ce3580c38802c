package org.pase4j.downstream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.pase4j.audio.AudioReader;
import org.pase4j.audio.Chunks;
import org.pase4j.data.Utterance;
import org.pase4j.label.Frames;
import org.pase4j.label.Mfcc;
import org.pase4j.util.HostArrays;
import org.pase4j.util.Progress;

/**
 * The recipe's downstream input: a fixed crop of every utterance (samples {@code start} to
 * {@code start + length}, reflect-padded when the file is shorter), turned into encoder embeddings or
 * MFCCs (20 coefficients, no mean/variance normalisation, which would remove speaker cues).
 */
public final class Features {

    private static final int BATCH = 16;

    private final int start;
    private final int length;

    /**
     * Creates the extractor.
     *
     * @param start first sample of the crop (the recipe: 100)
     * @param length crop length in samples (the recipe: 16000)
     */
    public Features(int start, int length) {
        this.start = start;
        this.length = length;
    }

    /**
     * Decodes and crops utterances.
     *
     * @param utterances the utterances
     * @return one crop per utterance
     * @throws IOException if a file is unusable
     */
    public List<float[]> crops(List<Utterance> utterances) throws IOException {
        List<float[]> out = new ArrayList<>(utterances.size());
        for (Utterance u : utterances) {
            float[] crop = new float[length];
            Chunks.copy(AudioReader.read(u.path()), start, length, crop, 0);
            out.add(crop);
        }
        return out;
    }

    /**
     * Embeds crops with an encoder.
     *
     * @param name the feature set's name
     * @param encoder the encoder
     * @param crops the crops
     * @param labels their class indices
     * @return the embeddings
     */
    public FeatureSet embed(String name, PretrainedEncoder encoder, List<float[]> crops, int[] labels) {
        return batched(name, encoder.config().embDim(), crops, labels, x -> encoder.embed(x));
    }

    /**
     * MFCCs of crops.
     *
     * @param crops the crops
     * @param labels their class indices
     * @return 20 coefficients per frame
     */
    public FeatureSet mfcc(List<float[]> crops, int[] labels) {
        return batched("mfcc", Mfcc.COEFFICIENTS, crops, labels, x -> Mfcc.compute(x.reshape(x.getShape().get(0), length)));
    }

    private FeatureSet batched(String name, int dims, List<float[]> crops, int[] labels,
            java.util.function.Function<NDArray, NDArray> f) {
        int frames = Frames.count(length);
        List<float[]> values = new ArrayList<>(crops.size());
        try (NDManager manager = NDManager.newBaseManager();
                ProgressBar bar = Progress.items(name + " features", crops.size())) {
            for (int from = 0; from < crops.size(); from += BATCH) {
                int b = Math.min(BATCH, crops.size() - from);
                try (NDManager scope = manager.newSubManager()) {
                    float[] flat = new float[b * length];
                    for (int i = 0; i < b; i++) {
                        System.arraycopy(crops.get(from + i), 0, flat, i * length, length);
                    }
                    NDArray y = f.apply(HostArrays.of(scope, flat, new Shape(b, 1, length)));
                    float[] all = y.get(":, :, 0:" + frames).toFloatArray();
                    for (int i = 0; i < b; i++) {
                        values.add(java.util.Arrays.copyOfRange(all, i * dims * frames, (i + 1) * dims * frames));
                    }
                }
                bar.stepBy(b);
            }
        }
        return new FeatureSet(name, dims, frames, values, labels);
    }

    /**
     * Class indices of utterances, by sorted speaker id.
     *
     * @param utterances the utterances
     * @param speakers speaker id to class index
     * @return one index per utterance
     */
    public static int[] labels(List<Utterance> utterances, Map<String, Integer> speakers) {
        return utterances.stream().mapToInt(u -> speakers.get(u.speaker())).toArray();
    }
}
