package org.pase4j.downstream;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.nio.file.Path;
import org.pase4j.util.HostArrays;

/**
 * Embeds audio through DJL's {@code Criteria} → {@code ZooModel} → {@code Predictor}: the input is one
 * utterance of 16 kHz samples, the output its frames, {@code [frame][dimension]}, as
 * {@link PretrainedEncoder#embed(float[])} gives them.
 * <pre>{@code
 * try (ZooModel<float[], float[][]> model = PaseTranslator.criteria(Path.of("results/quick/1986")).build().loadModel();
 *         Predictor<float[], float[][]> predictor = model.newPredictor()) {
 *     float[][] frames = predictor.predict(AudioReader.read(Path.of("speech.flac")));
 *     List<float[][]> batch = predictor.batchPredict(List.of(a, b, c));
 * }
 * }</pre>
 * The model path may be anything {@link PretrainedEncoder#load} takes: a checkpoint folder, a training
 * output folder (its newest checkpoint) or a {@code .npz} file.
 *
 * <p><b>How the model is loaded.</b> DJL's PyTorch engine loads TorchScript ({@code .pt}) unless the
 * model already has a block, and a pase4j checkpoint is DJL block parameters plus a yaml architecture,
 * not TorchScript. Of DJL's hooks for a block, {@code Criteria.optBlock} would need the architecture
 * before the path is read, and loading parameters in {@link #prepare} would run per predictor, after the
 * model is built; the {@code blockFactory} argument ({@link PaseBlockFactory}) is called with the model
 * path and the model's manager while the model is created, so the architecture and parameters both come
 * from {@link org.pase4j.io.ModelFiles} there, once, owned by the model. The option
 * {@code hasParameter=false} then stops DJL from looking for a parameter file of its own naming.
 * {@link #criteria} sets all of this; a hand-made {@code Criteria} needs the same three settings.
 *
 * <p><b>Batching.</b> {@code batchPredict} (and DJL Serving's dynamic batching) puts the utterances of
 * a batch side by side without padding, and the model's {@link EmbeddingBlock} runs each group of equal
 * length as one forward pass: every result equals {@code predict} on its own, whatever it was batched
 * with, and equal lengths (e.g. fixed-size chunks) gain the speed of a real batch. Mixed lengths cost
 * one pass per distinct length.
 *
 * <p>Utterances must be longer than the encoder's reflect padding (more than 400 samples for the
 * recipe); shorter ones fail with a {@link TranslateException}.
 */
public final class PaseTranslator implements Translator<float[], float[][]> {

    /** Keeps each utterance its own array in the batch list; {@link EmbeddingBlock} groups them. */
    private static final Batchifier SIDE_BY_SIDE = new SideBySide();

    /** Creates the translator; it holds no state. */
    public PaseTranslator() {}

    /**
     * Everything needed to load a pase4j encoder with DJL: types, model path, PyTorch engine, this
     * translator, {@link PaseBlockFactory} and {@code hasParameter=false}. Add {@code optDevice} or
     * {@code optProgress} as needed, then {@code build().loadModel()}.
     *
     * @param modelPath a checkpoint folder, a training output folder or a {@code .npz} file
     * @return the criteria builder
     */
    public static Criteria.Builder<float[], float[][]> criteria(Path modelPath) {
        return Criteria.builder()
                .setTypes(float[].class, float[][].class)
                .optModelPath(modelPath)
                .optEngine("PyTorch")
                .optTranslator(new PaseTranslator())
                .optArgument("blockFactory", new PaseBlockFactory())
                .optOption("hasParameter", "false");
    }

    /**
     * Checks that the model holds a pase4j encoder.
     *
     * @param ctx the predictor's context
     * @throws TranslateException if the model was not loaded through {@link PaseBlockFactory}
     */
    @Override
    public void prepare(TranslatorContext ctx) throws TranslateException {
        if (!(ctx.getModel().getBlock() instanceof EmbeddingBlock)) {
            throw new TranslateException("model " + ctx.getModel().getName() + " holds "
                    + ctx.getModel().getBlock() + ", expected a pase4j EmbeddingBlock: load it with"
                    + " PaseTranslator.criteria(path), or add optArgument(\"blockFactory\", new PaseBlockFactory())"
                    + " and optOption(\"hasParameter\", \"false\") to the Criteria");
        }
    }

    /**
     * @param ctx the predictor's context
     * @param samples one utterance, 16 kHz
     * @return its waveform {@code (1, 1, samples)}
     */
    @Override
    public NDList processInput(TranslatorContext ctx, float[] samples) {
        return new NDList(HostArrays.of(ctx.getNDManager(), samples, new Shape(1, 1, samples.length)));
    }

    /**
     * @param ctx the predictor's context
     * @param list one utterance's embeddings {@code (1, emb_dim, frames)}
     * @return {@code [frame][dimension]}
     */
    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
        return PretrainedEncoder.rows(list.singletonOrThrow().get(0));
    }

    /** @return a batchifier that lists the utterances without stacking or padding them */
    @Override
    public Batchifier getBatchifier() {
        return SIDE_BY_SIDE;
    }

    /** One array per utterance, in order: the batch is the list, not a stacked array. */
    private static final class SideBySide implements Batchifier {

        private static final long serialVersionUID = 1L;

        @Override
        public NDList batchify(NDList[] inputs) {
            NDList batch = new NDList(inputs.length);
            for (NDList input : inputs) {
                batch.add(input.singletonOrThrow());
            }
            return batch;
        }

        @Override
        public NDList[] unbatchify(NDList batch) {
            NDList[] items = new NDList[batch.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = new NDList(batch.get(i));
            }
            return items;
        }
    }
}
