package org.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.audio.AudioReader;
import org.pase4j.downstream.PretrainedEncoder;
import org.pase4j.io.ModelFiles;
import org.pase4j.model.Encoder;
import org.pase4j.model.EncoderConfig;

/** What a project that depends on pase4j gets: the library works, and the command line's libraries stay out. */
class UsePase4jTest {

    @TempDir
    Path tmp;

    @Test
    void anEncoderSavedAndLoadedThroughTheLibraryEmbedsSpeech() throws Exception {
        Path file = tmp.resolve("encoder.npz");
        try (PretrainedEncoder random = PretrainedEncoder.random(EncoderConfig.recipe(), 7)) {
            ModelFiles.exportEncoder(random.block(), file);
        }
        Path corpus = Path.of(System.getProperty("pase4j.repo"), "data", "LibriSynth");
        Path flac;
        try (Stream<Path> s = Files.walk(corpus)) {
            flac = s.filter(p -> p.toString().endsWith(".flac")).sorted().findFirst().orElseThrow();
        }
        float[] samples = AudioReader.read(flac);
        try (PretrainedEncoder encoder = PretrainedEncoder.load(file);
                NDManager manager = NDManager.newBaseManager()) {
            float[][] frames = encoder.embed(samples);
            assertEquals((samples.length + 159) / 160, frames.length, "one frame per 10 ms");
            assertEquals(100, frames[0].length, "the recipe's 100 dimensions");
            Encoder again = ModelFiles.loadEncoder(file, manager);
            assertEquals(100, again.config().embDim());
        }
    }

    @Test
    void theCommandLinesLibrariesDoNotLeakIntoThisProject() {
        for (String cls : new String[] {"picocli.CommandLine", "org.slf4j.simple.SimpleLogger"}) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(cls), cls + " is on the classpath");
        }
    }
}
