package org.pase4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;

class ConfigFileTest {

    @TempDir
    Path tmp;

    @Test
    void referencesResolveWithTheirTypesAndOverridesApplyFirst() throws IOException {
        Path f = Files.writeString(tmp.resolve("c.yaml"), String.join("\n", "seed: 3", "emb_dim: 100",
                "output_folder: results/${seed}/x", "enc:", "  channels: [64, \"${emb_dim}\"]", ""));
        Map<String, Object> c = ConfigFile.load(f, List.of("seed=7", "enc.channels=[1, 2]"));
        assertEquals(7, c.get("seed"));
        assertEquals("results/7/x", c.get("output_folder"));
        assertEquals(Map.of("channels", List.of(1, 2)), c.get("enc"));
        assertEquals(List.of(64, 100), ((Map<?, ?>) ConfigFile.load(f, List.of()).get("enc")).get("channels"));
    }

    @Test
    void errorsNameTheFileLineOrKey() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "seed: 3\nfoo: [1, 2\n");
        IOException e = assertThrows(IOException.class, () -> ConfigFile.load(bad, List.of()));
        assertTrue(e.getMessage().startsWith(bad + ": line "), e.getMessage());
        assertEquals("configuration " + tmp.resolve("none.yaml") + " does not exist",
                assertThrows(IOException.class, () -> ConfigFile.load(tmp.resolve("none.yaml"), List.of())).getMessage());
        Path ref = Files.writeString(tmp.resolve("ref.yaml"), "a: ${b}\n");
        assertEquals("reference ${b}: no such key",
                assertThrows(IllegalArgumentException.class, () -> ConfigFile.load(ref, List.of())).getMessage());
        Path cycle = Files.writeString(tmp.resolve("cycle.yaml"), "a: ${b}\nb: ${a}\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfigFile.load(cycle, List.of())).getMessage()
                .startsWith("reference cycle"));
        assertEquals("override 'seed', expected key=value", assertThrows(IllegalArgumentException.class,
                () -> ConfigFile.load(ref, List.of("seed"))).getMessage());
    }

    @Test
    void theShippedConfigurationsAreValid() throws IOException {
        for (String name : List.of("train.yaml", "quick.yaml", "tools/quality/quick-recipe.yaml")) {
            Map<String, Object> c = ConfigFile.load(TestFiles.repo().resolve(name), List.of());
            TrainConfig t = TrainConfig.from(c);
            assertEquals(1986, t.seed());
            assertEquals(List.of(64, 64, 128, 128, 256, 256, 512, 512, 100),
                    ((Map<?, ?>) c.get("encoder_model")).get("blocks_channels"));
        }
        TrainConfig recipe = TrainConfig.from(ConfigFile.load(TestFiles.repo().resolve("train.yaml"), List.of()));
        assertEquals(200, recipe.numberOfEpochs());
        assertEquals(32, recipe.batchSize());
        assertEquals(0.25, recipe.learningRateFactor(81), 1e-12);
    }
}
