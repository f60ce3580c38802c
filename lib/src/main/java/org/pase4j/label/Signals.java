package org.pase4j.label;

/** Plain-array helpers shared by the frame-wise features computed in Java. */
final class Signals {

    private Signals() {}

    /**
     * Reflect-pads one signal as {@code numpy.pad(x, pad, mode="reflect")} and
     * {@code torch.nn.functional.pad(x, (pad, pad), mode="reflect")}: the edge sample is not repeated.
     *
     * @param samples a batch of signals, row-major
     * @param offset where the signal starts
     * @param length its length, more than {@code pad}
     * @param pad samples to add on each side
     * @return {@code length + 2 * pad} samples
     */
    static float[] reflectPad(float[] samples, int offset, int length, int pad) {
        if (pad >= length) {
            throw new IllegalArgumentException("reflect padding of " + pad + " samples needs a signal longer than "
                    + pad + " samples, got " + length);
        }
        float[] padded = new float[length + 2 * pad];
        System.arraycopy(samples, offset, padded, pad, length);
        for (int k = 1; k <= pad; k++) {
            padded[pad - k] = samples[offset + k];
            padded[pad + length - 1 + k] = samples[offset + length - 1 - k];
        }
        return padded;
    }
}
