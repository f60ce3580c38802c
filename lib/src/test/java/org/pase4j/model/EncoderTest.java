package org.pase4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pase4j.util.Options;

class EncoderTest {

    @Test
    void recipeEncoderMaps16000SamplesTo100FramesOf100DimsWithTheSpecsParameterCount() {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = new Encoder(EncoderConfig.recipe());
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 16000));
            assertEquals(7_586_604, ModelSummary.trainable(encoder));
            NDArray x = manager.randomNormal(new Shape(2, 1, 16000)).mul(0.1);
            NDArray y = encoder.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(2, 100, 100), y.getShape());
            assertEquals(new Shape(2, 100, 100), encoder.getOutputShapes(new Shape[] {new Shape(2, 1, 16000)})[0]);
            assertTrue(y.isInfinite().logicalOr(y.isNaN()).none().getBoolean());
        }
    }

    @Test
    void anyLengthGivesOneFramePerStartedHop() {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = new Encoder(EncoderConfig.recipe());
            encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16000));
            for (int samples : new int[] {401, 1000, 16001, 16080, 16159, 48985}) {
                NDArray y = encoder.forward(new ParameterStore(manager, false),
                        new NDList(manager.randomNormal(new Shape(1, 1, samples)).mul(0.1)), false).singletonOrThrow();
                assertEquals(new Shape(1, 100, (samples + 159) / 160), y.getShape(), samples + " samples");
            }
        }
    }

    @Test
    void skipPoolingAveragesWholeGroupsAndAShortLastOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray steps = manager.arange(7f).reshape(1, 1, 7);
            assertArrayEquals(new float[] {0.5f, 2.5f, 4.5f}, Encoder.timePool(steps, 3, 2).toFloatArray(),
                    "a seventh step beyond three groups of two is dropped");
            assertArrayEquals(new float[] {0.5f, 2.5f, 4.5f, 6f}, Encoder.timePool(steps, 4, 2).toFloatArray(),
                    "the fourth group has one step");
            assertEquals(new Shape(1, 1, 7), Encoder.timePool(steps, 7, 1).getShape());
            assertThrows(IllegalStateException.class, () -> Encoder.timePool(steps, 5, 2));
        }
    }

    @Test
    void plainPaseHasTheOfficialParameterCountAndFrameRate() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = new Encoder(EncoderConfig.officialPase());
            encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16000));
            assertEquals(5_818_020, ModelSummary.trainable(encoder));
            NDArray y = encoder.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(new Shape(1, 1, 32000))), false).singletonOrThrow();
            assertEquals(new Shape(1, 100, 200), y.getShape());
        }
    }

    @Test
    void pasePlusHasTheOfficialParameterCountSevenSkipsAnd256Dimensions() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = new Encoder(EncoderConfig.officialPasePlus());
            encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16000));
            assertEquals(7_832_896, ModelSummary.trainable(encoder));
            assertEquals(7, encoder.getChildren().keys().stream().filter(k -> k.contains("skip")).count());
            NDArray y = encoder.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(new Shape(1, 1, 100_000))), false).singletonOrThrow();
            assertEquals(new Shape(1, 256, 625), y.getShape(), "the official README's example");
        }
    }

    @Test
    void lastBlockSkipConnIsReadFromYamlAndKeepsTheRecipeDefault() {
        assertTrue(EncoderConfig.recipe().lastBlockSkipConn());
        assertEquals(8, EncoderConfig.recipe().skipConns());
        EncoderConfig c = EncoderConfig.from(new Options("encoder_model", Map.of("last_block_skip_conn", false)));
        assertEquals(7, c.skipConns());
        assertEquals(0, EncoderConfig.officialPase().skipConns());
        assertEquals("encoder_model.last_block_skip_conn: '1', expected true or false",
                assertThrows(IllegalArgumentException.class, () -> EncoderConfig.from(
                        new Options("encoder_model", Map.of("last_block_skip_conn", 1)))).getMessage());
    }

    @Test
    void gradientsReachEveryParameterIncludingTheSincBands() {
        Engine.getInstance().setRandomSeed(2);
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = new Encoder(EncoderConfig.recipe());
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 3200));
            NDArray x = manager.randomNormal(new Shape(2, 1, 3200)).mul(0.1);
            NDArray target = manager.randomNormal(new Shape(2, 100, 20));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = encoder.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
                gc.backward(y.sub(target).square().mean());
            }
            int checked = 0;
            for (Pair<String, Parameter> p : encoder.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    NDArray g = p.getValue().getArray().getGradient();
                    assertTrue(g.abs().sum().getFloat() > 0, "no gradient reaches " + p.getKey());
                    checked++;
                }
            }
            assertTrue(checked > 40, "checked " + checked);
            assertTrue(encoder.getParameters().keys().stream().anyMatch(k -> k.contains("band_hz")));
        }
    }

    @Test
    void trainAndEvalModesDifferOnlyInBatchNormStatistics() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = new Encoder(EncoderConfig.recipe());
            encoder.initialize(manager, DataType.FLOAT32, new Shape(3, 1, 3200));
            NDArray x = manager.randomNormal(new Shape(3, 1, 3200)).mul(0.1);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray eval = encoder.forward(ps, new NDList(x), false).singletonOrThrow();
            // Eval is deterministic and does not depend on the other items of the batch.
            NDArray single = encoder.forward(ps, new NDList(x.get("0:1")), false).singletonOrThrow();
            assertTrue(single.allClose(eval.get("0:1"), 1e-4, 1e-5, false));
            NDArray train = encoder.forward(ps, new NDList(x), true).singletonOrThrow();
            assertFalse(eval.allClose(train, 1e-3, 1e-3, false), "batch statistics differ from running statistics");
            // The output BatchNorm normalises each channel over batch and time in training mode.
            NDArray mean = train.mean(new int[] {2}).mean(new int[] {0});
            assertTrue(mean.abs().max().getFloat() < 1e-4, "per-channel mean " + mean.abs().max().getFloat());
            // A training forward moves the running statistics (PyTorch momentum 0.1), so eval output changes.
            NDArray after = encoder.forward(ps, new NDList(x), false).singletonOrThrow();
            assertFalse(after.allClose(eval, 1e-6, 1e-6, false));
        }
    }

    @Test
    void configFromYamlNamesBadKeysAndValues() {
        EncoderConfig c = EncoderConfig.from(new Options("encoder_model", Map.of("use_qrnn", false,
                "blocks_kernel_sizes", List.of(251, 21, 11, 11, 11, 11, 11, 11, 1))));
        assertFalse(c.useQrnn());
        assertEquals(160, c.hop());
        assertEquals("encoder_model: unknown key 'use_qrn', expected one of " + "[batch_norm, blocks_channels, blocks_kernel_sizes, "
                + "blocks_strides, in_channels, last_block_skip_conn, padding, per_channel_prelu, qrnn_hidden_neurons, sinc_mel_start_hz, "
                + "use_qrnn, use_sincnet, use_skip_conns]",
                assertThrows(IllegalArgumentException.class,
                        () -> EncoderConfig.from(new Options("encoder_model", Map.of("use_qrn", true)))).getMessage());
        assertEquals("encoder_model.use_qrnn: 'yes', expected true or false",
                assertThrows(IllegalArgumentException.class,
                        () -> EncoderConfig.from(new Options("encoder_model", Map.of("use_qrnn", "yes")))).getMessage());
    }
}
