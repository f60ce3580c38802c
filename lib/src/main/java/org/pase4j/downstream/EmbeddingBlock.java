package org.pase4j.downstream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pase4j.model.Encoder;

/**
 * A trained {@link Encoder} as the block of a DJL {@code Model}, embedding utterances of any lengths in
 * one call: the input is a list of waveforms {@code (B_i, 1, T_i)}, the output the list of their
 * embeddings {@code (B_i, emb_dim, ⌈T_i / hop⌉)}, in the same order. Waveforms of the same length are
 * concatenated and run through the encoder together; each distinct length is a forward pass of its own.
 * So a batch never pads: every utterance gets exactly the frames it gets alone (the encoder's reflect
 * padding at its own end), and a batch of equal lengths, e.g. fixed-size chunks, costs one pass.
 *
 * <p>{@link PaseBlockFactory} builds one for {@code Criteria}, {@link PaseTranslator} feeds it. It holds
 * the encoder as its only child ({@link #encoder()}, e.g. for fine-tuning); parameters are the
 * encoder's.
 */
public final class EmbeddingBlock extends AbstractBlock {

    private final Encoder encoder;

    /**
     * Wraps an encoder.
     *
     * @param encoder an initialised encoder, e.g. from {@link org.pase4j.io.ModelFiles#loadEncoder}
     * @throws IllegalArgumentException if it is not initialised
     */
    public EmbeddingBlock(Encoder encoder) {
        if (!encoder.isInitialized()) {
            throw new IllegalArgumentException("encoder is not initialised: expected a loaded encoder, e.g. from"
                    + " ModelFiles.loadEncoder");
        }
        this.encoder = addChildBlock("encoder", encoder);
        beforeInitialize(encoder.getInputShapes());
    }

    /** @return the encoder */
    public Encoder encoder() {
        return encoder;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Map<Shape, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Shape s = inputs.get(i).getShape();
            if (s.dimension() != 3 || s.get(1) != 1) {
                throw new IllegalArgumentException("input " + i + " has shape " + s + ", expected (batch, 1, samples)");
            }
            groups.computeIfAbsent(s.slice(1), k -> new ArrayList<>()).add(i);
        }
        NDArray[] out = new NDArray[inputs.size()];
        for (List<Integer> group : groups.values()) {
            if (group.size() == 1) {
                out[group.get(0)] = embed(ps, inputs.get(group.get(0)), training);
                continue;
            }
            NDList members = new NDList();
            long[] ends = new long[group.size() - 1];
            long rows = 0;
            for (int k = 0; k < group.size(); k++) {
                NDArray x = inputs.get(group.get(k));
                members.add(x);
                rows += x.getShape().get(0);
                if (k < ends.length) {
                    ends[k] = rows;
                }
            }
            NDArray batch = NDArrays.concat(members, 0);
            NDList parts = embed(ps, batch, training).split(ends, 0);
            batch.close();
            for (int k = 0; k < group.size(); k++) {
                out[group.get(k)] = parts.get(k);
            }
        }
        return new NDList(out);
    }

    private NDArray embed(ParameterStore ps, NDArray waveforms, boolean training) {
        return encoder.forward(ps, new NDList(waveforms), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[inputShapes.length];
        for (int i = 0; i < inputShapes.length; i++) {
            out[i] = encoder.getOutputShapes(new Shape[] {inputShapes[i]})[0];
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (!encoder.isInitialized()) {
            encoder.initialize(manager, dataType, inputShapes[0]);
        }
    }
}
