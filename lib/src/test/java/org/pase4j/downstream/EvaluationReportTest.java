package org.pase4j.downstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;

class EvaluationReportTest {

    /** Three speakers: a has 2 test utterances (one right), b has 4 (all right), c has none. */
    private static SpeakerIdEvaluation.Report report() {
        SpeakerIdEvaluation.Run run = new SpeakerIdEvaluation.Run(1986, 5 / 6.0, 0.5, new int[] {0, 1, 1, 1, 1, 1},
                new int[] {0, 0, 1, 1, 1, 1}, new double[0]);
        SpeakerIdEvaluation.Run second = new SpeakerIdEvaluation.Run(1987, 0.5, 0.5, new int[] {0}, new int[] {0},
                new double[0]);
        VerificationMetrics m = VerificationMetrics.of(new double[] {0.9, 0.1, 0.8, 0.2}, new boolean[] {true, false,
            false, true});
        return new SpeakerIdEvaluation.Report(List.of("a", "b", "c"), Map.of("pase/probe", List.of(run, second)),
                Map.of("pase", List.of(m)), false);
    }

    @Test
    void theConfusionMatrixIsInPercentOfEachTrueSpeaker() {
        double[][] shares = EvaluationReport.confusionShares(report().runs().get("pase/probe").get(0), 3);
        assertArrayEquals(new double[] {50, 50, 0}, shares[0], 1e-12);
        assertArrayEquals(new double[] {0, 100, 0}, shares[1], 1e-12);
        assertArrayEquals(new double[] {0, 0, 0}, shares[2], 1e-12, "no test utterance: a row of zeros");
    }

    @Test
    void theConfusionChartPaintsZerosWhiteOnAFixedScale() {
        HeatMapChart chart = EvaluationReport.confusion(report(), "pase/probe");
        assertEquals(Color.WHITE, chart.getStyler().getRangeColors()[0], "0 % is white");
        assertEquals(0, chart.getHeatMapSeries().getMin());
        assertEquals(100, chart.getHeatMapSeries().getMax());
        assertEquals(100.0, ((Number[]) chart.getHeatMapSeries().getHeatData().get(3 + 1))[2].doubleValue(), 1e-12,
                "row b, column b: predicted 1, true 1");
        assertEquals("no runs of 'mfcc/probe': expected one of [pase/probe]", assertThrows(
                IllegalArgumentException.class, () -> EvaluationReport.confusion(report(), "mfcc/probe")).getMessage());
    }

    @Test
    void reportMeansAreOverSplitSeeds() {
        assertEquals((5 / 6.0 + 0.5) / 2, report().meanAccuracy("pase/probe"), 1e-12);
        assertEquals(0.5, report().meanEer("pase"), 1e-12);
        assertEquals("no verification of 'mfcc': expected one of [pase]",
                assertThrows(IllegalArgumentException.class, () -> report().meanEer("mfcc")).getMessage());
        assertEquals("no runs of 'x': expected one of [pase/probe]",
                assertThrows(IllegalArgumentException.class, () -> report().meanAccuracy("x")).getMessage());
    }

    @Test
    void optionsAreChangedByName() {
        SpeakerIdEvaluation.Options o = SpeakerIdEvaluation.Options.defaults().withSeeds(1).withEpochs(5)
                .withFirstSeed(7).withFinetune(true).withCrop(0, 8000).withTrials(java.nio.file.Path.of("t.txt"));
        assertEquals(new SpeakerIdEvaluation.Options(1, 7, 5, true, 0, 8000, java.nio.file.Path.of("t.txt")), o);
        assertThrows(IllegalArgumentException.class, () -> o.withEpochs(0), "still checked");
    }
}
