package org.pase4j.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;

/** Runs {@code examples/} with the JDK's source launcher, as the README tells users to. */
class ExamplesTest {

    @TempDir
    Path tmp;

    private record Run(int code, String out) {}

    private Run example(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", "-Dpase4j.progress=false",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                TestFiles.repo().resolve("examples").resolve(name).toString()));
        command.addAll(List.of(args));
        Path log = tmp.resolve(name + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void speakerSimilarityPrintsTheMatrixAndTheNearestNeighbourShare() throws Exception {
        Path checkpoint = TinyCheckpoint.train(tmp.resolve("run"));
        Run r = example("SpeakerSimilarity.java", checkpoint.toString(), TestFiles.bundledCorpus().toString());
        assertEquals(0, r.code(), r.out());
        List<String> lines = r.out().lines().filter(l -> !l.contains("WARN")).toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("speaker ")).findFirst().orElseThrow());
        assertEquals("cosine similarity of the speakers' mean embeddings (16 speakers, 192 utterances)", lines.get(header - 1));
        assertEquals(17, lines.get(header).split(" +").length, lines.get(header));
        assertTrue(lines.get(header + 1).matches("1001 +1\\.00( +-?\\d\\.\\d\\d){15}"), lines.get(header + 1));
        assertTrue(lines.get(header + 17).matches("nearest neighbour: \\d+ of 192 utterances \\(\\d+\\.\\d %\\) have a nearest"
                + " other utterance of the same speaker \\(chance 5\\.8 %\\)"), lines.get(header + 17));
    }

    @Test
    void speakerSimilarityExplainsItsArguments() throws Exception {
        Run r = example("SpeakerSimilarity.java", "--encoder", "x");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().startsWith("error: expected ENCODER CORPUS, got --encoder x\nusage: java -cp"), r.out());
        assertTrue(r.out().contains("--random"), r.out());
    }
}
