package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.pase4j.util.HostArrays;

/**
 * libtorch operators that DJL's PyTorch JNI layer does not expose: PReLU, reflection padding and
 * the transposed convolution. Each one is a one-line TorchScript module (written by
 * {@code tools/torchops/make_ops.py}, shipped as a resource) run through DJL's TorchScript support,
 * so that the forward and the backward pass are libtorch's own kernels — for PReLU about three times
 * faster than composing it from {@code maximum}/{@code minimum}, and for reflection padding without
 * the full-size gradient buffers that slicing and concatenating leave behind.
 *
 * <p>Gradients are recorded whenever DJL records them (inside a gradient collector).
 */
final class NativeOps {

    private NativeOps() {}

    /** The modules, loaded on first use into a manager that lives as long as the process. */
    private static final class Modules {
        static final NDManager OWNER = NDManager.newBaseManager();
        static final PtSymbolBlock PRELU = load("prelu");
        static final PtSymbolBlock REFLECTION_PAD = load("reflection_pad1d");
        static final PtSymbolBlock CONV_TRANSPOSE = load("conv_transpose1d");

        private static PtSymbolBlock load(String name) {
            String resource = "ops/" + name + ".pt";
            try (InputStream in = NativeOps.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource org/pase4j/model/" + resource
                            + " (written by tools/torchops/make_ops.py)");
                }
                return JniUtils.loadModule((PtNDManager) OWNER, in, false, false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read resource org/pase4j/model/" + resource, e);
            }
        }
    }

    /**
     * PyTorch's {@code prelu}: {@code x} where positive, else {@code weight · x}.
     *
     * @param x {@code (B, C, T)}
     * @param weight one shared slope or {@code C} slopes
     * @return the activation, owned by {@code x}'s manager
     */
    static NDArray prelu(NDArray x, NDArray weight) {
        return run(Modules.PRELU, new NDList(x, weight));
    }

    /**
     * Reflection padding of the last axis, like PyTorch's {@code F.pad(x, (left, right), "reflect")}.
     *
     * @param x {@code (B, C, T)} with {@code T > max(left, right)}
     * @param left samples added before
     * @param right samples added after
     * @return {@code (B, C, left + T + right)}, owned by {@code x}'s manager
     */
    static NDArray reflectionPad(NDArray x, int left, int right) {
        try (NDManager scope = x.getManager().newSubManager()) {
            return run(Modules.REFLECTION_PAD, new NDList(x, HostArrays.of(scope, new long[] {left, right})));
        }
    }

    /**
     * PyTorch's {@code conv_transpose1d}.
     *
     * @param x {@code (B, in, T)}
     * @param weight {@code (in, out, kernel)}
     * @param bias {@code (out)}
     * @param stride the upsampling factor
     * @param padding samples removed from each end of the output
     * @return {@code (B, out, (T − 1)·stride + kernel − 2·padding)}, owned by {@code x}'s manager
     */
    static NDArray convTranspose1d(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        try (NDManager scope = x.getManager().newSubManager()) {
            return run(Modules.CONV_TRANSPOSE, new NDList(x, weight, bias, HostArrays.of(scope, new long[] {stride, padding})));
        }
    }

    private static NDArray run(PtSymbolBlock module, NDList inputs) {
        NDArray out = IValueUtils.forward(module, inputs, JniUtils.isGradMode()).singletonOrThrow();
        out.attach(inputs.get(0).getManager());
        return out;
    }
}
