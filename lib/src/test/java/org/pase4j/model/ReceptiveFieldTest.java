package org.pase4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ReceptiveFieldTest {

    @Test
    void theShortestUtteranceIsTheFirstEveryBlocksReflectPaddingFits() {
        for (EncoderConfig config : new EncoderConfig[] {EncoderConfig.recipe(), EncoderConfig.officialPase()}) {
            int min = ReceptiveField.of(config).minSamples();
            try (NDManager manager = NDManager.newBaseManager()) {
                Encoder encoder = new Encoder(config);
                encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16000));
                ParameterStore ps = new ParameterStore(manager, false);
                encoder.forward(ps, new NDList(manager.zeros(new Shape(1, 1, min))), false);
                assertThrows(IllegalArgumentException.class,
                        () -> encoder.forward(ps, new NDList(manager.zeros(new Shape(1, 1, min - 1))), false),
                        config.padding() + ": " + (min - 1) + " samples");
            }
        }
        assertEquals(401, ReceptiveField.of(EncoderConfig.recipe()).minSamples());
        assertEquals("an utterance of 400 samples, expected at least 401 for this encoder's reflect padding",
                assertThrows(IllegalArgumentException.class, () -> ReceptiveField.of(EncoderConfig.recipe()).tailFrames(400))
                        .getMessage());
    }

    @Test
    void theLastSevenOrEightFramesSeePastTheEndOfTheRecipeAndTheOfficialLayouts() {
        for (EncoderConfig config : new EncoderConfig[] {EncoderConfig.recipe(), EncoderConfig.officialPasePlus()}) {
            ReceptiveField field = ReceptiveField.of(config);
            Set<Integer> tails = new TreeSet<>();
            for (long samples = 160_000; samples < 160_160; samples++) {
                tails.add(field.tailFrames(samples));
            }
            assertEquals(Set.of(7, 8), tails, config.padding() + ": one hop of lengths covers every alignment of the end");
        }
        assertEquals(3, ReceptiveField.of(EncoderConfig.recipe()).tailFrames(401), "all 3 frames of the shortest utterance");
    }

    /**
     * The definition at work: a loud noise after an utterance changes exactly its last {@code tailFrames}
     * frames, with and without the QRNN (which runs forward only), for ends that leave 7 and 8 frames. The
     * earliest of them may change very little (by 3e-7 here), through a window that reaches one step
     * into a block's padding; every frame before them does not change at all.
     */
    @Test
    void whatFollowsAnUtteranceChangesExactlyItsTailFrames() {
        for (boolean qrnn : new boolean[] {false, true}) {
            EncoderConfig r = EncoderConfig.recipe();
            EncoderConfig config = new EncoderConfig(r.useSincnet(), qrnn, r.useSkipConns(), r.inChannels(),
                    r.blocksChannels(), r.blocksKernelSizes(), r.blocksStrides(), r.qrnnHiddenNeurons(),
                    r.perChannelPrelu(), r.padding(), r.sincMelStartHz(), r.lastBlockSkipConn(), r.batchNorm());
            ReceptiveField field = ReceptiveField.of(config);
            Engine.getInstance().setRandomSeed(3);
            try (NDManager manager = NDManager.newBaseManager()) {
                Encoder encoder = new Encoder(config);
                encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16000));
                ParameterStore ps = new ParameterStore(manager, false);
                NDArray speech = manager.randomNormal(new Shape(1, 1, 8160)).mul(0.1);
                NDArray loud = manager.randomNormal(new Shape(1, 1, 3000)).mul(100);
                for (int samples : new int[] {8000, 8001, 8065, 8066, 8159}) {
                    NDArray utterance = speech.get(":, :, 0:" + samples);
                    NDArray alone = encoder.forward(ps, new NDList(utterance), false).singletonOrThrow();
                    NDArray followed = encoder.forward(ps, new NDList(utterance.concat(loud, 2)), false).singletonOrThrow();
                    int frames = (int) alone.getShape().get(2);
                    float[] change = followed.get(":, :, 0:" + frames).sub(alone).abs().get(0).max(new int[] {0})
                            .toFloatArray();
                    int tail = field.tailFrames(samples);
                    String what = "qrnn " + qrnn + ", " + samples + " samples, last " + tail + " frames";
                    for (int t = 0; t < frames; t++) {
                        if (t < frames - tail) {
                            assertEquals(0f, change[t], 1e-5f, what + ": frame " + t + " is before them");
                        } else {
                            assertTrue(change[t] > 0, what + ": frame " + t + " unchanged");
                        }
                    }
                    assertTrue(change[frames - 1] > 1, what + ": the last frame changed by " + change[frames - 1]);
                }
            }
        }
    }

    /**
     * After {@code lookahead} zeros, nothing reaches an utterance's frames, at every alignment of its end;
     * one zero fewer, and a loud noise does at some alignment (an end 1 sample into a hop, here by 5e-7).
     */
    @Test
    void zerosAsLongAsTheLookaheadHideWhatFollowsThem() {
        ReceptiveField field = ReceptiveField.of(EncoderConfig.recipe());
        int lookahead = field.lookahead();
        assertEquals(1185, lookahead);
        Engine.getInstance().setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = new Encoder(EncoderConfig.recipe());
            encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16000));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray speech = manager.randomNormal(new Shape(1, 1, 8160)).mul(0.1);
            NDArray loud = manager.randomNormal(new Shape(1, 1, 3000)).mul(100);
            float mostBeyondOneZeroLess = 0;
            for (int samples : new int[] {8000, 8001, 8065, 8066, 8159}) {
                NDArray utterance = speech.get(":, :, 0:" + samples);
                int frames = (samples + 159) / 160;
                NDArray silence = frames(encoder, ps, utterance.concat(manager.zeros(new Shape(1, 1, lookahead + 3000)), 2),
                        frames);
                NDArray noise = frames(encoder, ps, NDArrays.concat(new NDList(utterance,
                        manager.zeros(new Shape(1, 1, lookahead)), loud), 2), frames);
                assertEquals(0f, noise.sub(silence).abs().max().getFloat(), 1e-5f, samples + " samples");
                NDArray closer = frames(encoder, ps, NDArrays.concat(new NDList(utterance,
                        manager.zeros(new Shape(1, 1, lookahead - 1)), loud), 2), frames);
                mostBeyondOneZeroLess = Math.max(mostBeyondOneZeroLess, closer.sub(silence).abs().max().getFloat());
            }
            assertTrue(mostBeyondOneZeroLess > 0, "the lookahead is the least that hides the noise");
        }
    }

    private static NDArray frames(Encoder encoder, ParameterStore ps, NDArray waveform, int frames) {
        return encoder.forward(ps, new NDList(waveform), false).singletonOrThrow().get(":, :, 0:" + frames);
    }
}
