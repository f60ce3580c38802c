/**
 * The PASE network on DJL: the {@link org.pase4j.model.Encoder} (SincConv front end, strided
 * convolution blocks, optional QRNN and skip connections, normalised 100-dimensional output at 100
 * frames per second) and the self-supervised {@link org.pase4j.model.Worker}s that read its output,
 * assembled by {@link org.pase4j.model.PaseModel} from a {@link org.pase4j.model.ModelSpec}. The model takes
 * its input and its {@link org.pase4j.model.Targets}, computed beside the data; it does not depend on the
 * data package. Tensors are channels-first, {@code (batch, channels, time)}, as in PyTorch.
 */
package org.pase4j.model;
