package org.pase4j.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

class ChartsTest {

    @Test
    void thePaletteHasTwentyColoursFarApart() {
        Color[] p = Charts.palette();
        assertEquals(20, p.length, "enough for 16 speakers and more");
        for (int i = 0; i < p.length; i++) {
            for (int j = i + 1; j < p.length; j++) {
                double d = Math.sqrt(Math.pow(p[i].getRed() - p[j].getRed(), 2)
                        + Math.pow(p[i].getGreen() - p[j].getGreen(), 2) + Math.pow(p[i].getBlue() - p[j].getBlue(), 2));
                assertTrue(d > 40, "colours " + i + " and " + j + " are " + d + " apart in RGB");
            }
        }
        p[0] = Color.WHITE;
        assertNotEquals(Color.WHITE, Charts.palette()[0], "a copy each call");
    }

    @Test
    void gridPaintsEveryChartIntoItsOwnCell() {
        List<XYChart> charts = new ArrayList<>();
        for (Color background : new Color[] {Color.RED, Color.GREEN, Color.BLUE}) {
            XYChart c = new XYChartBuilder().width(50).height(40).build();
            c.getStyler().setChartBackgroundColor(background);
            c.addSeries("s", new double[] {0, 1}, new double[] {0, 1});
            charts.add(c);
        }
        BufferedImage image = Charts.grid(2, 100, 80, charts);
        assertEquals(200, image.getWidth(), "two cells across, whatever size the charts were built with");
        assertEquals(160, image.getHeight(), "three charts in two columns: two rows");
        assertEquals(Color.RED.getRGB(), image.getRGB(1, 1));
        assertEquals(Color.GREEN.getRGB(), image.getRGB(101, 1));
        assertEquals(Color.BLUE.getRGB(), image.getRGB(1, 81));
        assertEquals(Color.WHITE.getRGB(), image.getRGB(150, 120), "the empty cell stays white");
        assertEquals(100, Charts.grid(3, 100, 80, charts.subList(0, 1)).getWidth(), "as many columns as charts");
        assertThrows(IllegalArgumentException.class, () -> Charts.grid(2, 100, 80, List.of()));
    }

    @Test
    void aLongWaveformIsDrawnAsItsEnvelopeInSeconds() {
        float[] samples = new float[16000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) Math.sin(i * 0.3) * (i < 8000 ? 0.5f : 0.25f);
        }
        XYSeries s = Charts.waveform("w", samples, 16000).getSeriesMap().get("waveform");
        double[] x = s.getXData();
        double[] y = s.getYData();
        assertEquals(4000, x.length, "the smallest and largest sample of 2,000 stretches");
        assertEquals(0, x[0]);
        assertTrue(x[x.length - 1] < 1 && x[x.length - 1] > 0.99, "seconds: " + x[x.length - 1]);
        double firstHalf = 0;
        double secondHalf = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] < 0.5) {
                firstHalf = Math.max(firstHalf, Math.abs(y[i]));
            } else {
                secondHalf = Math.max(secondHalf, Math.abs(y[i]));
            }
        }
        assertEquals(0.5, firstHalf, 0.01, "the envelope keeps the peaks");
        assertEquals(0.25, secondHalf, 0.01);
        assertEquals(3, Charts.waveform("short", new float[] {0, 1, 0}, 16000).getSeriesMap().get("waveform")
                .getXData().length, "a short signal is drawn sample by sample");
    }

    @Test
    void cropsAreFoundInTheUtteranceAndDrawnAsBoxesInNameOrder() {
        float[] utterance = new float[32000];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (int i = 0; i < utterance.length; i++) {
            utterance[i] = (float) rng.nextGaussian() * 0.1f;
        }
        Map<String, float[]> crops = new LinkedHashMap<>();
        crops.put("positive", java.util.Arrays.copyOfRange(utterance, 8000, 24000));
        crops.put("anchor", java.util.Arrays.copyOfRange(utterance, 1600, 17600));
        XYChart chart = Charts.crops("u", utterance, 16000, crops);
        List<String> names = new ArrayList<>(chart.getSeriesMap().keySet());
        assertEquals(List.of("waveform", "anchor crop, 0.10-1.10 s", "positive crop, 0.50-1.50 s"), names);
        assertArrayEquals(new double[] {0.1, 0.1, 1.1, 1.1, 0.1}, chart.getSeriesMap().get(names.get(1)).getXData(), 1e-12);
        crops.put("negative", new float[] {1, 2, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Charts.crops("u", utterance, 16000, crops));
        assertEquals("crop 'negative' (3 samples) is not a stretch of the utterance (32000 samples)", e.getMessage());
    }

    @Test
    void locateFindsTheFirstExactStretch() {
        float[] signal = {0, 1, 2, 1, 2, 3};
        assertEquals(1, Charts.locate(signal, new float[] {1, 2}));
        assertEquals(3, Charts.locate(signal, new float[] {1, 2, 3}));
        assertEquals(-1, Charts.locate(signal, new float[] {2, 2}));
        assertEquals(-1, Charts.locate(new float[] {1}, new float[] {1, 2}), "a crop longer than the signal");
    }

    @Test
    void scatterHasOneSeriesPerGroupEachInItsOwnColour() {
        double[][] points = new double[40][];
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            points[i] = new double[] {i, -i};
            groups.add("speaker " + (i % 16));
        }
        XYChart chart = Charts.scatter("s", "PC 1", "PC 2", points, groups);
        assertEquals(16, chart.getSeriesMap().size());
        assertEquals(List.of("speaker 0", "speaker 1"), new ArrayList<>(chart.getSeriesMap().keySet()).subList(0, 2));
        assertArrayEquals(new double[] {0, 16, 32}, chart.getSeriesMap().get("speaker 0").getXData(), 0);
        assertEquals(16, chart.getSeriesMap().values().stream().map(XYSeries::getMarkerColor).distinct().count());
        assertEquals("2 points for 1 groups: expected one group per point", assertThrows(IllegalArgumentException.class,
                () -> Charts.scatter("s", "x", "y", new double[][] {{0, 0}, {1, 1}}, List.of("a"))).getMessage());
        List<String> many = new ArrayList<>();
        double[][] more = new double[21][];
        for (int i = 0; i < 21; i++) {
            many.add("g" + i);
            more[i] = new double[] {i, i};
        }
        assertEquals("21 groups: at most 20 have distinct colours", assertThrows(IllegalArgumentException.class,
                () -> Charts.scatter("s", "x", "y", more, many)).getMessage());
    }
}
