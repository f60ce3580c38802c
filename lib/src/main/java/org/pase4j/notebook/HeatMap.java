package org.pase4j.notebook;

import java.awt.Color;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;

/**
 * A matrix drawn as an XChart heat map with labelled axes in their units and a colour bar, e.g. a
 * spectrogram (time across, frequency up) or MFCCs (time across, coefficient up). Row 0 is at the bottom.
 * Settings are named, each returning a new heat map, in the manner of XChart's chart builders:
 * <pre>{@code
 * HeatMapChart c = HeatMap.of(spectrogram).title("spectrogram")
 *         .columns("time (s)", 0.01).rows("frequency (kHz)", 8.0 / 1024)
 *         .unit("ln(1 + power)").range(0, 8).chart();
 * }</pre>
 * XChart paints every cell as a rectangle, so a large matrix is first shrunk by averaging blocks of
 * neighbouring cells to at most {@link #MAX_COLUMNS} by {@link #MAX_ROWS}; the axes still read in the
 * matrix's units.
 */
public final class HeatMap {

    /** Columns drawn at most; wider matrices are averaged over blocks of columns. */
    public static final int MAX_COLUMNS = 300;
    /** Rows drawn at most; taller matrices are averaged over blocks of rows. */
    public static final int MAX_ROWS = 160;

    /** Colour-blind-safe, perceptually even (matplotlib's viridis at five stops): dark blue is low, yellow high. */
    private static final Color[] COLOURS = {new Color(0x440154), new Color(0x3b528b), new Color(0x21918c),
        new Color(0x5ec962), new Color(0xfde725)};

    private final float[][] values;
    private final String title;
    private final Axis columns;
    private final Axis rows;
    private final String unit;
    private final double lo;
    private final double hi;
    private final int width;
    private final int height;

    /** An axis: its title and the distance between neighbouring cells in its unit. */
    private record Axis(String title, double step) {}

    private HeatMap(float[][] values, String title, Axis columns, Axis rows, String unit, double lo, double hi,
            int width, int height) {
        this.values = values;
        this.title = title;
        this.columns = columns;
        this.rows = rows;
        this.unit = unit;
        this.lo = lo;
        this.hi = hi;
        this.width = width;
        this.height = height;
    }

    /**
     * A heat map of a matrix with the defaults: no title, axes counting cells, colours spanning the values,
     * 900 x 320 pixels.
     *
     * @param values the matrix, {@code [row][column]}, rectangular and not empty (not copied)
     * @return the heat map
     * @throws IllegalArgumentException if the matrix is empty or ragged
     */
    public static HeatMap of(float[][] values) {
        return new HeatMap(checked(values), "", new Axis("column", 1), new Axis("row", 1), null, Double.NaN, Double.NaN,
                900, 320);
    }

    /**
     * The same settings for another matrix, e.g. a prediction beside its target.
     *
     * @param matrix the matrix, {@code [row][column]}, rectangular and not empty (not copied)
     * @return a heat map of that matrix
     * @throws IllegalArgumentException if the matrix is empty or ragged
     */
    public HeatMap values(float[][] matrix) {
        return new HeatMap(checked(matrix), title, columns, rows, unit, lo, hi, width, height);
    }

    private static float[][] checked(float[][] values) {
        if (values.length == 0 || values[0].length == 0) {
            throw new IllegalArgumentException("empty matrix: expected at least one row and one column");
        }
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != values[0].length) {
                throw new IllegalArgumentException("row " + r + " has " + values[r].length + " columns, row 0 has "
                        + values[0].length + ": expected a rectangular matrix");
            }
        }
        return values;
    }

    /**
     * @param text the chart title
     * @return this heat map with that title
     */
    public HeatMap title(String text) {
        return new HeatMap(values, Objects.requireNonNull(text, "title"), columns, rows, unit, lo, hi, width, height);
    }

    /**
     * @param axisTitle the horizontal axis title, with its unit, e.g. {@code time (s)}
     * @param step the distance between neighbouring columns in that unit, e.g. 0.01 for 10 ms frames
     * @return this heat map with that horizontal axis
     * @throws IllegalArgumentException if the step is not positive
     */
    public HeatMap columns(String axisTitle, double step) {
        return new HeatMap(values, title, axis(axisTitle, step), rows, unit, lo, hi, width, height);
    }

    /**
     * @param axisTitle the vertical axis title, with its unit, e.g. {@code frequency (kHz)}
     * @param step the distance between neighbouring rows in that unit
     * @return this heat map with that vertical axis
     * @throws IllegalArgumentException if the step is not positive
     */
    public HeatMap rows(String axisTitle, double step) {
        return new HeatMap(values, title, columns, axis(axisTitle, step), unit, lo, hi, width, height);
    }

    /**
     * @param what what the colours measure, with its unit; the title ends with it
     * @return this heat map with that colour legend
     */
    public HeatMap unit(String what) {
        return new HeatMap(values, title, columns, rows, Objects.requireNonNull(what, "unit"), lo, hi, width, height);
    }

    /**
     * Fixes the colour scale, e.g. to compare two heat maps: values below {@code low} are painted as
     * {@code low}, values above {@code high} as {@code high}.
     *
     * @param low the value painted darkest
     * @param high the value painted brightest
     * @return this heat map with that colour scale
     * @throws IllegalArgumentException if {@code low >= high} or either is not finite
     */
    public HeatMap range(double low, double high) {
        if (!(low < high) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("colour range [" + low + ", " + high + "]: expected finite low < high");
        }
        return new HeatMap(values, title, columns, rows, unit, low, high, width, height);
    }

    /**
     * @param w the chart width in pixels
     * @param h the chart height in pixels
     * @return this heat map at that size
     * @throws IllegalArgumentException if a size is not positive
     */
    public HeatMap size(int w, int h) {
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException("chart size " + w + " x " + h + ": expected positive");
        }
        return new HeatMap(values, title, columns, rows, unit, lo, hi, w, h);
    }

    private static Axis axis(String title, double step) {
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("axis '" + title + "' step " + step + ": expected positive");
        }
        return new Axis(Objects.requireNonNull(title, "axis title"), step);
    }

    /**
     * Builds the chart.
     *
     * @return the heat map chart, its colour bar spanning the range (by default the smallest and largest
     *     value shown, widened to round numbers), its axes labelled at round values
     */
    public HeatMapChart chart() {
        int rowBlock = (values.length + MAX_ROWS - 1) / MAX_ROWS;
        int columnBlock = (values[0].length + MAX_COLUMNS - 1) / MAX_COLUMNS;
        double[][] shown = blockMeans(values, rowBlock, columnBlock);
        double low = lo;
        double high = hi;
        if (Double.isNaN(low)) {
            low = Double.POSITIVE_INFINITY;
            high = Double.NEGATIVE_INFINITY;
            for (double[] row : shown) {
                for (double v : row) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
            double[] rounded = roundedOutward(low, high);
            low = rounded[0];
            high = rounded[1];
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height)
                .title(unit == null ? title : title + (title.isEmpty() ? "" : " ") + "(colour: " + unit + ")")
                .xAxisTitle(columns.title()).yAxisTitle(rows.title()).build();
        HeatMapStyler styler = chart.getStyler();
        styler.setRangeColors(COLOURS);
        styler.setShowValue(false);
        styler.setDrawBorder(false);
        styler.setPlotContentSize(1);
        styler.setPlotGridLinesVisible(false);
        styler.setAntiAlias(false);   // anti-aliased cells leave light seams between them
        styler.setLegendPadding(16);   // XChart sizes the colour bar's box for its upper label; room for a longer lower one
        List<Number[]> cells = new ArrayList<>(shown.length * shown[0].length);
        for (int c = 0; c < shown[0].length; c++) {
            for (int r = 0; r < shown.length; r++) {
                cells.add(new Number[] {c, r, Math.max(low, Math.min(high, shown[r][c]))});
            }
        }
        chart.addSeries(unit == null ? "value" : unit, ticks(shown[0].length, columnBlock * columns.step()),
                ticks(shown.length, rowBlock * rows.step()), cells).setMin(low).setMax(high);
        return chart;
    }

    /**
     * The axis labels of {@code n} cells {@code step} apart: round values ({@code 1, 2} or {@code 5} times a
     * power of ten, about ten of them at most and at least a cell apart) on the cells nearest to them, a
     * blank elsewhere (XChart labels every category of a heat map axis with its text).
     */
    static List<String> ticks(int n, double step) {
        double spacing = niceAtLeast(Math.max(n * step / 10, step));
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(spacing) + 1e-9));
        List<String> labels = new ArrayList<>(java.util.Collections.nCopies(n, " "));
        for (int k = 0; ; k++) {
            int cell = (int) Math.round(k * spacing / step);
            if (cell >= n) {
                return labels;
            }
            labels.set(cell, String.format(java.util.Locale.ROOT, "%." + decimals + "f", k * spacing));
        }
    }

    /** The smallest of 1, 2, 5, 10, 20, 50, ... times a power of ten that is at least {@code v}. */
    static double niceAtLeast(double v) {
        double power = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= v * (1 - 1e-9)) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** A range widened to round numbers: multiples of a hundredth of its width's order of magnitude. */
    static double[] roundedOutward(double low, double high) {
        if (!(high > low)) {
            return new double[] {low - 0.5, low + 0.5};
        }
        int exponent = (int) Math.floor(Math.log10(high - low)) - 2;
        double unit = Math.pow(10, exponent);
        return new double[] {BigDecimal.valueOf(Math.floor(low / unit)).scaleByPowerOfTen(exponent).doubleValue(),
            BigDecimal.valueOf(Math.ceil(high / unit)).scaleByPowerOfTen(exponent).doubleValue()};
    }

    /** Means of blocks of {@code rowBlock x columnBlock} cells (smaller at the far edges). */
    static double[][] blockMeans(float[][] m, int rowBlock, int columnBlock) {
        int outRows = (m.length + rowBlock - 1) / rowBlock;
        int outColumns = (m[0].length + columnBlock - 1) / columnBlock;
        double[][] out = new double[outRows][outColumns];
        for (int r = 0; r < outRows; r++) {
            for (int c = 0; c < outColumns; c++) {
                double sum = 0;
                int n = 0;
                for (int i = r * rowBlock; i < Math.min(m.length, (r + 1) * rowBlock); i++) {
                    for (int j = c * columnBlock; j < Math.min(m[0].length, (c + 1) * columnBlock); j++) {
                        sum += m[i][j];
                        n++;
                    }
                }
                out[r][c] = sum / n;
            }
        }
        return out;
    }
}
