package org.pase4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.pase4j.model.Encoder;
import org.pase4j.model.EncoderConfig;

class EncoderFlopsTest {

    @Test
    void theRecipeEncoderCountsEveryConvolutionByHand() {
        Encoder encoder = new Encoder(EncoderConfig.recipe());
        try (NDManager manager = NDManager.newBaseManager()) {
            encoder.initialize(manager, DataType.FLOAT32, new Shape(3, 1, 16000));
            long macs = 16000L * 64 * 251            // SincConv
                    + 1600L * 64 * 64 * 21            // stride 10
                    + 800L * 128 * 64 * 11 + 800L * 128 * 128 * 11
                    + 400L * 256 * 128 * 11 + 400L * 256 * 256 * 11
                    + 200L * 512 * 256 * 11 + 100L * 512 * 512 * 11
                    + 100L * 1536 * 512 * 2           // QRNN gates over [x_{t-1}, x_t]
                    + 100L * 100 * 512                // output projection
                    + 100L * 100 * (64 + 64 + 128 + 128 + 256 + 256 + 512 + 512); // pooled skips
            assertEquals(2 * 5 * macs, EncoderFlops.forward(encoder, 5, 16000));
        }
    }
}
