package org.pase4j.downstream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.pase4j.io.ModelFiles;
import org.pase4j.model.Encoder;
import org.pase4j.model.EncoderConfig;
import org.pase4j.model.ReceptiveField;
import org.pase4j.util.HostArrays;

/**
 * A PASE encoder ready to embed audio, in evaluation mode:
 * <pre>{@code
 * try (PretrainedEncoder encoder = PretrainedEncoder.load(Path.of("results/quick/1986/save/epoch-0005"))) {
 *     float[][] frames = encoder.embed(AudioReader.read(Path.of("speech.flac")));  // [frame][dimension]
 * }
 * }</pre>
 * A checkpoint folder holds {@code encoder.params} and {@code encoder.yaml}; {@link #load} also accepts
 * a training output folder (its newest checkpoint), a {@code save} folder, or a NumPy {@code .npz} file
 * exported by {@code pase4j export} or saved by the PyTorch mirror ({@code pase4j_torch.save}); files are
 * read by {@link ModelFiles}. Each instance owns its native memory: close it when done.
 */
public final class PretrainedEncoder implements AutoCloseable {

    private final NDManager manager;
    private final Encoder encoder;
    private final Path checkpoint;
    private final Path parameters;
    private final int minSamples;
    private final int lookahead;

    private PretrainedEncoder(NDManager manager, Encoder encoder, Path checkpoint, Path parameters) {
        this.manager = manager;
        this.encoder = encoder;
        this.checkpoint = checkpoint;
        this.parameters = parameters;
        ReceptiveField field = ReceptiveField.of(encoder.config());
        this.minSamples = field.minSamples();
        this.lookahead = field.lookahead();
    }

    /**
     * Loads a trained encoder.
     *
     * @param path a checkpoint folder, a {@code save} folder, a training output folder or a {@code .npz}
     *     file
     * @return the encoder
     * @throws IOException if no encoder is found there or its files do not fit together
     */
    public static PretrainedEncoder load(Path path) throws IOException {
        Path source = ModelFiles.isNpz(path) ? path : ModelFiles.checkpoint(path);
        NDManager manager = NDManager.newBaseManager();
        try {
            Encoder encoder = ModelFiles.loadEncoder(source, manager);
            return new PretrainedEncoder(manager, encoder, source,
                    ModelFiles.isNpz(source) ? source : source.resolve(ModelFiles.ENCODER_FILE));
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The same architecture at random initialisation (BatchNorm statistics as initialised): the baseline
     * that tells what pre-training added.
     *
     * @param config the architecture
     * @param seed the initialisation seed
     * @return the encoder
     */
    public static PretrainedEncoder random(EncoderConfig config, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        NDManager manager = NDManager.newBaseManager();
        Encoder encoder = new Encoder(config);
        encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16000));
        return new PretrainedEncoder(manager, encoder, null, null);
    }

    /** @return the architecture */
    public EncoderConfig config() {
        return encoder.config();
    }

    /** @return the checkpoint folder or {@code .npz} file it was loaded from; empty for a {@link #random} encoder */
    public Optional<Path> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /**
     * @return the file its parameters were read from (a checkpoint's {@code encoder.params} or the
     *     {@code .npz} file); empty for a {@link #random} encoder
     */
    public Optional<Path> parametersFile() {
        return Optional.ofNullable(parameters);
    }

    /** @return the underlying DJL block, e.g. for fine-tuning */
    public Encoder block() {
        return encoder;
    }

    /**
     * Embeds a batch.
     *
     * @param waveforms {@code (B, 1, T)} samples
     * @return {@code (B, emb_dim, ⌈T / hop⌉)} embeddings, in the manager of {@code waveforms}
     */
    public NDArray embed(NDArray waveforms) {
        return encoder.forward(new ParameterStore(waveforms.getManager(), false), new NDList(waveforms), false)
                .singletonOrThrow();
    }

    /**
     * Embeds one utterance.
     *
     * @param samples 16 kHz samples, at least {@link #minSamples()} (401 for the recipe) for every block's
     *     reflect padding
     * @return {@code [frame][dimension]}: {@code ⌈samples.length / hop⌉} frames of {@code emb_dim} values
     * @throws IllegalArgumentException if the samples are too few
     */
    public float[][] embed(float[] samples) {
        checkLength(samples, 0);
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = HostArrays.of(scope, samples, new Shape(1, 1, samples.length));
            return rows(embed(x).get(0));
        }
    }

    /**
     * Embeds several utterances in one forward pass, each followed by silence: zero-padded at its end to
     * the longest plus the encoder's {@link ReceptiveField#lookahead() lookahead} (1185 samples for the
     * recipe), its frames trimmed back to its own {@code ⌈samples / hop⌉}. Every utterance thus gets the
     * frames of itself followed by silence, the same whatever it is batched with: those of
     * {@link #embed(float[])} within float rounding, except its last
     * {@link ReceptiveField#tailFrames tailFrames} (7 or 8 for the recipe, 80 ms), which see the silence
     * instead of the reflection of its end. Faster than one at a time while the batch suits the device (on
     * a CPU, a few seconds of audio: docs/embeddings.md); memory and time grow with
     * {@code utterances × longest}, so batch utterances of similar lengths.
     *
     * @param utterances 16 kHz samples, each at least {@link #minSamples()}
     * @return {@code [frame][dimension]} of each utterance, in order
     * @throws IllegalArgumentException if an utterance is too short
     */
    public List<float[][]> embedPadded(List<float[]> utterances) {
        if (utterances.isEmpty()) {
            return List.of();
        }
        int longest = 0;
        for (int i = 0; i < utterances.size(); i++) {
            checkLength(utterances.get(i), i);
            longest = Math.max(longest, utterances.get(i).length);
        }
        int padded = Math.addExact(longest, lookahead);
        float[] batch = new float[Math.multiplyExact(utterances.size(), padded)];
        for (int i = 0; i < utterances.size(); i++) {
            System.arraycopy(utterances.get(i), 0, batch, i * padded, utterances.get(i).length);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray embeddings = embed(HostArrays.of(scope, batch, new Shape(utterances.size(), 1, padded)));
            List<float[][]> frames = new ArrayList<>(utterances.size());
            for (int i = 0; i < utterances.size(); i++) {
                long own = encoder.getOutputShapes(new Shape[] {new Shape(1, 1, utterances.get(i).length)})[0].get(2);
                frames.add(rows(embeddings.get(i + ", :, 0:" + own)));
            }
            return frames;
        }
    }

    private void checkLength(float[] samples, int index) {
        if (samples.length < minSamples) {
            throw new IllegalArgumentException("utterance " + index + " has " + samples.length
                    + " samples, expected at least " + minSamples + " for the encoder's reflect padding");
        }
    }

    /** @return the fewest samples {@link #embed(float[])} takes ({@link ReceptiveField#minSamples()}) */
    public int minSamples() {
        return minSamples;
    }

    /**
     * Copies one utterance's embeddings to the Java heap, frame by frame.
     *
     * @param embeddings {@code (emb_dim, frames)}
     * @return {@code [frame][dimension]}
     */
    static float[][] rows(NDArray embeddings) {
        int d = (int) embeddings.getShape().get(0);
        int n = (int) embeddings.getShape().get(1);
        float[] flat = embeddings.transpose().toFloatArray();
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return out;
    }

    /** Frees the encoder's native memory. */
    @Override
    public void close() {
        manager.close();
    }
}
