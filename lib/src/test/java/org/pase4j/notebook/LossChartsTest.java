package org.pase4j.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.pase4j.TestFiles;
import org.pase4j.util.YamlFiles;

class LossChartsTest {

    @TempDir
    Path tmp;

    /** A run folder with two epochs of a regressor (mfcc) and a classifier (lim), lim's loss weighing 3. */
    private Path run(boolean withSteps) throws IOException {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("data_folder", TestFiles.bundledCorpus().toString());
        yaml.put("output_folder", tmp.toString());
        yaml.put("number_of_epochs", 2);
        yaml.put("encoder_lr_start", 0.002);
        yaml.put("worker_lr_start", 0.01);
        yaml.put("lr_update_interval", 1);
        yaml.put("decay_factor", 0.5);
        yaml.put("loss_weights", Map.of("lim", 3));
        yaml.put("encoder_model", Map.of("blocks_channels", List.of(16, 20), "blocks_kernel_sizes", List.of(51, 1),
                "blocks_strides", List.of(160, 1), "use_qrnn", false));
        yaml.put("workers_config", Map.of("regressor", List.of("mfcc"), "classifier", List.of("lim")));
        yaml.put("mfcc_model", Map.of("class", "org.pase4j.model.RegressionWorker", "out_channels", 20));
        yaml.put("mfcc_labeller", "org.pase4j.label.MfccLabeller");
        yaml.put("lim_model", Map.of("class", "org.pase4j.model.InfoMaxWorker", "scope", "local"));
        yaml.put("lim_labeller", "org.pase4j.label.LimLabeller");
        YamlFiles.write(tmp.resolve("config.yaml"), yaml);
        Files.writeString(tmp.resolve("losses.csv"), String.join("\n", "epoch,split,worker,loss,learning_rate",
                "1,train,mfcc,1.0,0.01", "1,train,lim,0.7,0.01", "1,train,total,0.85,0.002",
                "1,valid,mfcc,0.9,0.01", "1,valid,lim,0.69,0.01", "1,valid,total,0.795,0.002",
                "2,train,mfcc,0.6,0.005", "2,train,lim,0.6,0.005", "2,train,total,0.6,0.001",
                "2,valid,mfcc,0.7,0.005", "2,valid,lim,0.65,0.005", "2,valid,total,0.675,0.001", ""),
                StandardCharsets.UTF_8);
        if (withSteps) {
            StepLossLog log = new StepLossLog(tmp.resolve(StepLossLog.FILE));
            for (int epoch = 1; epoch <= 2; epoch++) {
                log.onEpochBegin(epoch, 2);
                for (int batch = 0; batch < 2; batch++) {
                    float skipped = epoch == 2 && batch == 1 ? Float.NaN : 1;
                    log.onTrainingBatch(epoch, batch, Map.of("mfcc", (3f - epoch - batch / 2f) * skipped, "lim", 0.7f,
                            "total", 0.8f));
                }
            }
        }
        return tmp;
    }

    @Test
    void oneChartPerWorkerWithStepsEpochMeansAndChanceForClassifiers() throws IOException {
        LossCharts charts = LossCharts.read(run(true));
        assertEquals(List.of("mfcc", "lim", "total"), charts.names());
        List<XYChart> workers = charts.workers();
        assertEquals(3, workers.size());
        XYChart mfcc = workers.get(0);
        assertEquals("mfcc: MSE", mfcc.getTitle());
        assertEquals(List.of("train step", "train epoch", "valid epoch"),
                List.copyOf(mfcc.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {0.5, 1, 1.5}, mfcc.getSeriesMap().get("train step").getXData(), 1e-12,
                "step b of epoch e at e - 1 + (b + 1) / batches; the skipped step (NaN) left out");
        assertArrayEquals(new double[] {2, 1.5, 1}, mfcc.getSeriesMap().get("train step").getYData(), 1e-6);
        assertArrayEquals(new double[] {0.9, 0.7}, mfcc.getSeriesMap().get("valid epoch").getYData(), 1e-12);
        XYChart lim = workers.get(1);
        assertEquals("lim: BCE (nats)", lim.getTitle());
        assertArrayEquals(new double[] {Math.log(2), Math.log(2)}, lim.getSeriesMap().get("ln 2").getYData(), 0);
        assertFalse(mfcc.getSeriesMap().containsKey("ln 2"), "regressors have no chance level");
        assertEquals("total: weighted mean of the workers' losses", workers.get(2).getTitle());
    }

    @Test
    void withoutAStepLogTheChartsShowEpochsOnly() throws IOException {
        XYChart mfcc = LossCharts.read(run(false)).workers().get(0);
        assertEquals(List.of("train epoch", "valid epoch"), List.copyOf(mfcc.getSeriesMap().keySet()));
    }

    @Test
    void sharesAreWeightedLossesOverTheirSumPerEpoch() throws IOException {
        CategoryChart shares = LossCharts.read(run(true)).shares();
        double[] mfcc = shares.getSeriesMap().get("mfcc").getYData().stream().mapToDouble(Number::doubleValue).toArray();
        double[] lim = shares.getSeriesMap().get("lim").getYData().stream().mapToDouble(Number::doubleValue).toArray();
        assertArrayEquals(new double[] {100 * 1.0 / (1.0 + 3 * 0.7), 100 * 0.6 / (0.6 + 3 * 0.6)}, mfcc, 1e-9);
        for (int e = 0; e < 2; e++) {
            assertEquals(100, mfcc[e] + lim[e], 1e-9);
        }
    }

    @Test
    void learningRatesShowTheLoggedRatesOverTheConfiguredSchedule() throws IOException {
        XYChart lr = LossCharts.read(run(true)).learningRates();
        assertEquals(8, lr.getSeriesMap().get("configured (encoder)").getXData().length, "drawn to at least 8 epochs");
        assertEquals(0.002 * 0.5, lr.getSeriesMap().get("configured (encoder)").getYData()[1], 1e-9);
        assertArrayEquals(new double[] {0.002, 0.001}, lr.getSeriesMap().get("logged (encoder)").getYData(), 1e-9);
        assertArrayEquals(new double[] {0.01, 0.005}, lr.getSeriesMap().get("logged (workers)").getYData(), 1e-9);
    }

    @Test
    void aResumedRunDropsTheStepsOfTheEpochItRestarts() throws IOException {
        Path file = run(true).resolve(StepLossLog.FILE);
        StepLossLog resumed = new StepLossLog(file);
        resumed.onEpochBegin(2, 2);
        List<String> lines = Files.readAllLines(file);
        assertEquals(StepLossLog.HEADER, lines.get(0));
        assertEquals(1 + 2 * 3, lines.size(), "epoch 1's two steps of three losses each");
        assertTrue(lines.stream().skip(1).allMatch(l -> l.startsWith("1,")), lines.toString());
    }

    @Test
    void aFolderWithoutALossLogIsNamed() {
        IOException e = assertThrows(IOException.class, () -> LossCharts.read(tmp));
        assertEquals("no " + tmp.resolve("losses.csv") + ": expected a training run's output folder", e.getMessage());
    }
}
