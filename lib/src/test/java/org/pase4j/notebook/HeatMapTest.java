package org.pase4j.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapSeries;

class HeatMapTest {

    @Test
    void axesReadInTheMatrixUnitsAndTheColourBarSpansTheValues() {
        float[][] m = {{0, 1, 2}, {3, 4, 5.5f}};
        HeatMapChart chart = HeatMap.of(m).title("t").columns("time (s)", 0.01).rows("frequency (kHz)", 0.5)
                .unit("dB").chart();
        assertEquals("t (colour: dB)", chart.getTitle());
        assertEquals("time (s)", chart.getXAxisTitle());
        assertEquals("frequency (kHz)", chart.getYAxisTitle());
        HeatMapSeries s = chart.getHeatMapSeries();
        assertEquals(List.of("0.00", "0.01", "0.02"), s.getXData());
        assertEquals(List.of("0.0", "0.5"), s.getYData());
        assertEquals(0, s.getMin());
        assertEquals(5.5, s.getMax());
        assertArrayEquals(new Number[] {2, 1, 5.5}, s.getHeatData().get(5), "column 2, row 1 (row 0 at the bottom)");
        assertEquals(false, chart.getStyler().getAntiAlias(), "no seams between cells");
    }

    @Test
    void aFixedRangeClampsTheValues() {
        HeatMapSeries s = HeatMap.of(new float[][] {{-9, 0, 9}}).range(-2.5, 2.5).chart().getHeatMapSeries();
        assertEquals(-2.5, s.getMin());
        assertEquals(2.5, s.getMax());
        assertEquals(List.of(-2.5, 0.0, 2.5), s.getHeatData().stream().map(c -> ((Number[]) c)[2].doubleValue()).toList());
    }

    @Test
    void valuesKeepsTheSettingsForAnotherMatrix() {
        HeatMap target = HeatMap.of(new float[][] {{0, 1}}).columns("time (s)", 0.01).range(-1, 1).unit("z");
        HeatMapChart predicted = target.values(new float[][] {{5, -5}}).title("predicted").chart();
        assertEquals("predicted (colour: z)", predicted.getTitle());
        assertEquals("time (s)", predicted.getXAxisTitle());
        assertEquals(List.of(1.0, -1.0), predicted.getHeatMapSeries().getHeatData().stream()
                .map(c -> ((Number[]) c)[2].doubleValue()).toList());
    }

    @Test
    void theDefaultRangeIsWidenedToRoundNumbers() {
        HeatMapSeries s = HeatMap.of(new float[][] {{7.74e-7f, 7.0136f}}).chart().getHeatMapSeries();
        assertEquals(0, s.getMin(), "hundredths of the width's order of magnitude");
        assertEquals(7.02, s.getMax());
        assertArrayEquals(new double[] {-0.124, 0.302}, HeatMap.roundedOutward(-0.1234, 0.3011), 0);
        assertArrayEquals(new double[] {2.5, 3.5}, HeatMap.roundedOutward(3, 3), 0, "a constant matrix");
    }

    @Test
    void largeMatricesAreAveragedOverBlocksAndTheAxesKeepTheirUnits() {
        float[][] m = new float[1025][700];
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[0].length; c++) {
                m[r][c] = c;
            }
        }
        HeatMapSeries s = HeatMap.of(m).columns("time (s)", 0.01).rows("bin", 1).chart().getHeatMapSeries();
        assertEquals(234, s.getXData().size(), "blocks of 3 columns: at most 300");
        assertEquals(147, s.getYData().size(), "blocks of 7 rows: at most 160");
        assertEquals("1", s.getXData().get(33), "cell 33 starts at 0.99 s, the nearest to 1 s");
        assertEquals(" ", s.getXData().get(34));
        assertEquals("200", s.getYData().get(29), "rows 203 to 209: the nearest cell to row 200");
        assertEquals(1.0, ((Number[]) s.getHeatData().get(0))[2].doubleValue(), 1e-9, "mean of columns 0, 1, 2");
    }

    @Test
    void blockMeansAverageTheSmallerEdgeBlocksOverWhatTheyHold() {
        double[][] means = HeatMap.blockMeans(new float[][] {{1, 2, 3}, {5, 6, 7}, {9, 10, 11}}, 2, 2);
        assertArrayEquals(new double[] {3.5, 5}, means[0], 1e-12);
        assertArrayEquals(new double[] {9.5, 11}, means[1], 1e-12);
    }

    @Test
    void ticksAreRoundValuesOnTheNearestCells() {
        List<String> t = HeatMap.ticks(306, 0.01);   // 3.06 s: 0.5 s apart
        assertEquals("0.0", t.get(0));
        assertEquals("0.5", t.get(50));
        assertEquals("3.0", t.get(300));
        assertEquals(7, t.stream().filter(l -> !l.isBlank()).count());
        List<String> kHz = HeatMap.ticks(147, 7 * 8.0 / 1024);   // 0 to 8 kHz in cells of 54.7 Hz
        assertEquals("1", kHz.get(18), "1 kHz / 0.0547 kHz = 18.3");
        assertEquals(List.of("0", "2", "4", "6", "8", "10", "12", "14", "16", "18"), HeatMap.ticks(20, 1).stream().filter(l -> !l.isBlank()).toList());
        assertEquals(List.of("0", "1", "2"), HeatMap.ticks(3, 1), "at least a cell apart");
    }

    @Test
    void niceNumbersAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.5, HeatMap.niceAtLeast(0.3825));
        assertEquals(5, HeatMap.niceAtLeast(2.5));
        assertEquals(1, HeatMap.niceAtLeast(1));
        assertEquals(10, HeatMap.niceAtLeast(5.5));
        assertEquals(0.02, HeatMap.niceAtLeast(0.0101), 1e-15);
    }

    @Test
    void badSettingsAreRefusedWithTheirValue() {
        assertEquals("empty matrix: expected at least one row and one column",
                assertThrows(IllegalArgumentException.class, () -> HeatMap.of(new float[0][])).getMessage());
        assertEquals("row 1 has 1 columns, row 0 has 2: expected a rectangular matrix",
                assertThrows(IllegalArgumentException.class, () -> HeatMap.of(new float[][] {{1, 2}, {3}})).getMessage());
        HeatMap h = HeatMap.of(new float[][] {{1}});
        assertEquals("colour range [2.0, 2.0]: expected finite low < high",
                assertThrows(IllegalArgumentException.class, () -> h.range(2, 2)).getMessage());
        assertEquals("axis 'time' step 0.0: expected positive",
                assertThrows(IllegalArgumentException.class, () -> h.columns("time", 0)).getMessage());
        assertEquals("chart size 0 x 10: expected positive",
                assertThrows(IllegalArgumentException.class, () -> h.size(0, 10)).getMessage());
    }
}
