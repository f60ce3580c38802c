package org.pase4j.downstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;
import org.pase4j.config.PaseConfig;
import org.pase4j.data.Utterance;
import org.pase4j.train.Trainer;

class SpeakerIdEvaluationTest {

    @TempDir
    Path tmp;

    /** A short PASE training of a small encoder with three real workers. */
    private Path train() throws IOException {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("seed", 3);
        yaml.put("data_folder", TestFiles.bundledCorpus().toString());
        yaml.put("output_folder", tmp.resolve("pase").toString());
        yaml.put("chunk_size", 16000);
        yaml.put("number_of_epochs", 2);
        yaml.put("batch_size", 8);
        yaml.put("max_utterances", 48);
        yaml.put("encoder_model", Map.of("use_qrnn", false, "use_skip_conns", true, "blocks_channels",
                List.of(32, 64, 64), "blocks_kernel_sizes", List.of(101, 21, 1), "blocks_strides", List.of(4, 40, 1)));
        yaml.put("workers_config", Map.of("regressor", List.of("mfcc"), "classifier", List.of("lim", "gim")));
        yaml.put("mfcc_model", Map.of("class", "org.pase4j.model.RegressionWorker", "out_channels", 20));
        yaml.put("mfcc_labeller", "org.pase4j.label.MfccLabeller");
        yaml.put("lim_model", Map.of("class", "org.pase4j.model.InfoMaxWorker", "scope", "local"));
        yaml.put("lim_labeller", "org.pase4j.label.LimLabeller");
        yaml.put("gim_model", Map.of("class", "org.pase4j.model.InfoMaxWorker", "scope", "global"));
        yaml.put("gim_labeller", "org.pase4j.label.GimLabeller");
        return new Trainer(PaseConfig.from(yaml)).run().checkpoint();
    }

    @Test
    void thePretrainedEncoderIsComparedWithBothBaselinesReproducibly() throws IOException {
        Path checkpoint = train();
        SpeakerIdEvaluation evaluation = new SpeakerIdEvaluation(new SpeakerIdEvaluation.Options(2, 1986, 6, false, 100,
                16000, null));
        SpeakerIdEvaluation.Report report = evaluation.run(checkpoint, TestFiles.bundledCorpus());
        assertEquals(List.of("pase/probe", "pase/recipe", "random/probe", "random/recipe", "mfcc/probe", "mfcc/recipe"),
                List.copyOf(report.runs().keySet()));
        assertEquals(16, report.speakers().size());
        for (List<SpeakerIdEvaluation.Run> runs : report.runs().values()) {
            assertEquals(2, runs.size());
            assertEquals(32, runs.get(0).truth().length, "2 test utterances of each of 16 speakers");
            runs.forEach(r -> assertTrue(r.accuracy() >= 0 && r.accuracy() <= 1));
        }
        double mfccProbe = report.runs().get("mfcc/probe").stream().mapToDouble(SpeakerIdEvaluation.Run::accuracy)
                .average().orElseThrow();
        assertTrue(mfccProbe > 3.0 / 16, "MFCC probe far above chance: " + mfccProbe);
        assertEquals(6, report.runs().get("pase/recipe").get(0).validCurve().length);
        assertEquals(List.of("pase", "random", "mfcc"), List.copyOf(report.verification().keySet()));
        for (List<VerificationMetrics> results : report.verification().values()) {
            assertEquals(2, results.size(), "one per split seed");
            assertEquals(32 * 31 / 2, results.get(0).trials(), "all pairs of 32 test utterances");
            assertEquals(16, results.get(0).targets(), "2 test utterances of each speaker: one target pair each");
            results.forEach(r -> assertTrue(r.eer() >= 0 && r.eer() <= 1 && r.minDcf() >= 0 && r.minDcf() <= 1));
        }
        assertTrue(report.verification().get("mfcc").stream().mapToDouble(VerificationMetrics::eer).average()
                .orElseThrow() < 0.4, "MFCCs tell speakers apart better than chance (EER 50 %)");

        SpeakerIdEvaluation.Report again = evaluation.run(checkpoint, TestFiles.bundledCorpus());
        report.runs().forEach((key, runs) -> {
            for (int i = 0; i < runs.size(); i++) {
                assertArrayEquals(runs.get(i).predictions(), again.runs().get(key).get(i).predictions(), key);
            }
        });
        report.verification().forEach((name, results) -> {
            for (int i = 0; i < results.size(); i++) {
                assertEquals(results.get(i).eer(), again.verification().get(name).get(i).eer(), name);
            }
        });

        Path out = tmp.resolve("evaluation");
        EvaluationReport.write(report, out);
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        assertEquals(32, json.getAsJsonObject("pase/probe").get("n_test").getAsInt());
        assertTrue(json.getAsJsonObject("mfcc/recipe").has("accuracy_std"));
        assertTrue(json.getAsJsonObject("mfcc/probe").has("valid_accuracy_mean"));
        JsonObject verification = json.getAsJsonObject("pase/verification");
        assertEquals(496, verification.get("n_trials").getAsInt());
        for (String field : List.of("eer_mean", "eer_std", "min_dcf_mean")) {
            assertTrue(verification.has(field), field);
        }
        assertTrue(Files.size(out.resolve("det.png")) > 1000);
        assertTrue(Files.size(out.resolve("confusion.png")) > 1000);
        assertTrue(Files.size(out.resolve("accuracy.png")) > 1000);
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("features,task,accuracy %,std %,EER %,EER std %,minDCF,minDCF std,n,seeds", csv.get(0));
        assertEquals(1 + 6 + 3, csv.size(), "six classification rows and three verification rows");
        assertTrue(csv.get(7).startsWith("pase,verification,,,"), csv.get(7));
    }

    @Test
    void aTrialListIsScoredOnceAndOneSeedShowsNoStd() throws IOException {
        Path checkpoint = train();
        Path trials = Files.writeString(tmp.resolve("trials.txt"), String.join("\n",
                "1 train-synth/1001/100101/1001-100101-0000.flac train-synth/1001/100101/1001-100101-0001.flac",
                "0 train-synth/1001/100101/1001-100101-0000.flac train-synth/1002/100201/1002-100201-0000.flac",
                "0 train-synth/1003/100301/1003-100301-0000.flac train-synth/1002/100201/1002-100201-0000.flac"));
        SpeakerIdEvaluation.Report report = new SpeakerIdEvaluation(new SpeakerIdEvaluation.Options(1, 1986, 2, false,
                100, 16000, trials)).run(checkpoint, TestFiles.bundledCorpus());
        for (List<VerificationMetrics> results : report.verification().values()) {
            assertEquals(1, results.size());
            assertEquals(3, results.get(0).trials());
            assertEquals(1, results.get(0).targets());
        }
        var table = EvaluationReport.table(report);
        assertTrue(table.doubleColumn("std %").isMissing().size() == table.rowCount(), "no std for one seed");
        assertTrue(table.name().contains("frozen"), table.name());
    }

    @Test
    void everySpeakerIsInEverySplit() {
        List<Utterance> utterances = new java.util.ArrayList<>();
        for (int s = 0; s < 4; s++) {
            for (int u = 0; u < 5; u++) {
                utterances.add(new Utterance(s + "-1-" + u, Path.of("x"), 1, Integer.toString(s)));
            }
        }
        Map<String, List<Utterance>> split = SpeakerSplits.DEFAULT.apply(utterances, 1);
        for (List<Utterance> part : split.values()) {
            assertEquals(4, part.stream().map(Utterance::speaker).distinct().count());
        }
        assertEquals(List.of(12, 4, 4), split.values().stream().map(List::size).toList());
        assertEquals(split, SpeakerSplits.DEFAULT.apply(utterances, 1));
    }
}
