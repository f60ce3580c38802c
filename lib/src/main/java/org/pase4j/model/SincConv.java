package org.pase4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pase4j.util.HostArrays;

/**
 * SincNet's first layer: band-pass filters whose low cut-off and bandwidth are learned (two numbers
 * per filter, no bias). Filter {@code i} is the difference of two windowed sinc low-pass filters,
 * {@code low_i = minLow + |lowParam_i|} and {@code high_i = clamp(low_i + minBand + |bandParam_i|,
 * minLow, sr/2)}, Hamming-windowed and divided by {@code 2 · band_i}. Edges start evenly spaced on the
 * mel scale from {@code melStart} to {@code sr/2 − (minLow + minBand)}. Input {@code (B, 1, T)},
 * output {@code (B, filters, T / stride)} with reflect "same" padding.
 */
public final class SincConv extends AbstractBlock {

    private static final float SAMPLE_RATE = 16_000f;
    private static final float MIN_LOW_HZ = 50f;
    private static final float MIN_BAND_HZ = 50f;

    private final int filters;
    private final int kernel;
    private final float melStartHz;
    private final Parameter low;
    private final Parameter band;
    private final int stride;
    private final int padLeft;
    private final int padRight;
    private final float[] halfTime;
    private final float[] halfWindow;

    /**
     * Creates the layer.
     *
     * @param filters number of band-pass filters (64)
     * @param kernel odd filter length in samples (251)
     * @param melStartHz where the initial mel grid starts (recipe 50 Hz, official PASE 30 Hz)
     * @param stride the hop between output samples (the recipe: 1)
     * @param padLeft reflect padding before the signal
     * @param padRight reflect padding after the signal
     */
    public SincConv(int filters, int kernel, float melStartHz, int stride, int padLeft, int padRight) {
        if (kernel % 2 == 0) {
            throw new IllegalArgumentException("SincConv kernel " + kernel + ", expected an odd size");
        }
        this.filters = filters;
        this.kernel = kernel;
        this.melStartHz = melStartHz;
        this.stride = stride;
        this.padLeft = padLeft;
        this.padRight = padRight;
        float[][] edges = melEdges();
        low = addParameter(Parameter.builder().setName("low_hz").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(filters, 1)).optInitializer((m, s, t) -> m.create(edges[0], s).toType(t, false)).build());
        band = addParameter(Parameter.builder().setName("band_hz").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(filters, 1)).optInitializer((m, s, t) -> m.create(edges[1], s).toType(t, false)).build());
        int half = kernel / 2;
        halfTime = new float[half];
        halfWindow = new float[half];
        for (int i = 0; i < half; i++) {
            halfTime[i] = (float) (2 * Math.PI * (i - half) / SAMPLE_RATE);
            double lin = i * ((kernel / 2.0 - 1) / (half - 1));
            halfWindow[i] = (float) (0.54 - 0.46 * Math.cos(2 * Math.PI * lin / kernel));
        }
    }

    private float[][] melEdges() {
        double melLow = toMel(melStartHz);
        double melHigh = toMel(SAMPLE_RATE / 2 - (MIN_LOW_HZ + MIN_BAND_HZ));
        float[] lows = new float[filters];
        float[] bands = new float[filters];
        double[] hz = new double[filters + 1];
        for (int i = 0; i <= filters; i++) {
            hz[i] = 700 * (Math.pow(10, (melLow + (melHigh - melLow) * i / filters) / 2595) - 1);
        }
        for (int i = 0; i < filters; i++) {
            lows[i] = (float) hz[i];
            bands[i] = (float) (hz[i + 1] - hz[i]);
        }
        return new float[][] {lows, bands};
    }

    private static double toMel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    /**
     * The current filter bank.
     *
     * @param lowHz the low-edge parameter {@code (filters, 1)}
     * @param bandHz the band parameter {@code (filters, 1)}
     * @param manager owns the temporaries
     * @return filters {@code (filters, 1, kernel)}, of the parameters' data type
     */
    NDArray filterBank(NDArray lowHz, NDArray bandHz, NDManager manager) {
        NDArray t = HostArrays.of(manager, halfTime, new Shape(1, halfTime.length)).toType(lowHz.getDataType(), false);
        NDArray window = HostArrays.of(manager, halfWindow, new Shape(1, halfWindow.length)).toType(lowHz.getDataType(), false);
        NDArray lowEdge = lowHz.abs().add(MIN_LOW_HZ);
        NDArray highEdge = lowEdge.add(bandHz.abs()).add(MIN_BAND_HZ).clip(MIN_LOW_HZ, SAMPLE_RATE / 2);
        NDArray width = highEdge.sub(lowEdge);
        NDArray left = highEdge.matMul(t).sin().sub(lowEdge.matMul(t).sin()).div(t.div(2)).mul(window);
        NDArray center = width.mul(2);
        NDArray bank = NDArrays.concat(new NDList(left, center, left.flip(1)), 1).div(width.mul(2));
        return bank.reshape(filters, 1, kernel);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDManager manager = x.getManager();
        NDArray lowHz = ps.getValue(low, x.getDevice(), training);
        NDArray bandHz = ps.getValue(band, x.getDevice(), training);
        NDArray lowView = lowHz.reshape(filters, 1);
        NDArray bandView = bandHz.reshape(filters, 1);
        lowView.attach(manager);
        bandView.attach(manager);
        NDArray bank = filterBank(lowView, bandView, manager);
        return Conv1d.conv1d(Layers.reflectPad(x, padLeft, padRight), bank, null, new Shape(stride));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters, (in.get(2) + padLeft + padRight - kernel) / stride + 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {}
}
