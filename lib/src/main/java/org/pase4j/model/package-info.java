/**
 * The PASE network on DJL: the {@link org.pase4j.model.Encoder} (SincConv front end, strided
 * convolution blocks, optional QRNN and skip connections, normalised 100-dimensional output at 100
 * frames per second) and the self-supervised {@link org.pase4j.model.Worker}s that read its output.
 * Tensors are channels-first, {@code (batch, channels, time)}, as in PyTorch.
 */
package org.pase4j.model;
