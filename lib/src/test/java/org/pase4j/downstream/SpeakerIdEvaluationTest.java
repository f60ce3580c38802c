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
        return new Trainer(yaml).run().checkpoint();
    }

    @Test
    void thePretrainedEncoderIsComparedWithBothBaselinesReproducibly() throws IOException {
        Path checkpoint = train();
        SpeakerIdEvaluation evaluation = new SpeakerIdEvaluation(new SpeakerIdEvaluation.Options(2, 1986, 6, false, 100,
                16000));
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

        SpeakerIdEvaluation.Report again = evaluation.run(checkpoint, TestFiles.bundledCorpus());
        report.runs().forEach((key, runs) -> {
            for (int i = 0; i < runs.size(); i++) {
                assertArrayEquals(runs.get(i).predictions(), again.runs().get(key).get(i).predictions(), key);
            }
        });

        Path out = tmp.resolve("evaluation");
        EvaluationReport.write(report, out);
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        assertEquals(32, json.getAsJsonObject("pase/probe").get("n_test").getAsInt());
        assertTrue(json.getAsJsonObject("mfcc/recipe").has("accuracy_std"));
        assertTrue(Files.size(out.resolve("confusion.png")) > 1000);
        assertTrue(Files.size(out.resolve("accuracy.png")) > 1000);
        assertEquals("features,classifier,accuracy %,std %,n_test,seeds",
                Files.readAllLines(out.resolve("results.csv")).get(0));
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
