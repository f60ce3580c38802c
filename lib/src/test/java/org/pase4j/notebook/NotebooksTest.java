package org.pase4j.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebooksTest {

    @TempDir
    Path tmp;

    @Test
    void unsetVariablesMeanFullModeOnTheBundledCorpus() {
        Notebooks.Settings s = Notebooks.Settings.of(Map.of(), tmp.resolve("repo/notebooks/.."));
        assertFalse(s.fast());
        assertFalse(s.download());
        assertEquals(tmp.resolve("repo"), s.root());
        assertEquals(tmp.resolve("repo/data/LibriSynth"), s.corpus());
        assertEquals(tmp.resolve("repo/results/notebooks/full"), s.run());
        assertEquals(tmp.resolve("repo/results/notebooks/full/train"), s.train());
    }

    @Test
    void fastModeAndDownloadAreOnWithOneAndOffWithZeroOrEmpty() {
        Notebooks.Settings s = Notebooks.Settings.of(Map.of("PASE4J_FAST", "1", "PASE4J_DOWNLOAD", "1"), tmp);
        assertTrue(s.fast());
        assertTrue(s.download());
        assertEquals(tmp.resolve("results/notebooks/fast/train"), s.train());
        Notebooks.Settings off = Notebooks.Settings.of(Map.of("PASE4J_FAST", "0", "PASE4J_DOWNLOAD", ""), tmp);
        assertFalse(off.fast());
        assertFalse(off.download());
    }

    @Test
    void anyOtherValueIsRefusedWithTheVariableNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Notebooks.Settings.of(Map.of("PASE4J_FAST", "true"), tmp));
        assertEquals("PASE4J_FAST=true: expected 1 (on) or 0 (off)", e.getMessage());
    }

    @Test
    void requireTrainedNamesTheMissingPartOfTheTrainingRun() throws Exception {
        Notebooks.Settings s = Notebooks.Settings.of(Map.of("PASE4J_FAST", "1"), tmp);
        IllegalStateException e = assertThrows(IllegalStateException.class, s::requireTrained);
        assertEquals("no " + s.train().resolve("losses.csv") + ": run 02-train first (same PASE4J_FAST)",
                e.getMessage());
        Files.createDirectories(s.train());
        Files.writeString(s.train().resolve("losses.csv"), "epoch,split,worker,loss,learning_rate\n");
        e = assertThrows(IllegalStateException.class, s::requireTrained);
        assertEquals("no " + s.train().resolve("save") + ": run 02-train first (same PASE4J_FAST)", e.getMessage());
        Files.createDirectories(s.train().resolve("save"));
        assertSame(s, s.requireTrained());
    }

    @Test
    void heatMapPutsRowZeroAtTheBottomAndClampsToTheRange() {
        float[][] m = {{0, 0, 0}, {10, 10, 10}};   // row 0 low, row 1 high
        BufferedImage img = Notebooks.heatMap(m, 6, 4, 0, 5);
        assertEquals(6, img.getWidth());
        assertEquals(4, img.getHeight());
        int darkest = Color.HSBtoRGB(0.72f, 0.9f, 0.15f);
        int brightest = Color.HSBtoRGB(0.72f - 0.6f, 0.9f, 0.15f + 0.85f);   // 10 is above hi = 5: clamped
        for (int x = 0; x < 6; x++) {
            assertEquals(darkest, img.getRGB(x, 3), "bottom: row 0");
            assertEquals(darkest, img.getRGB(x, 2));
            assertEquals(brightest, img.getRGB(x, 1), "top: the last row");
            assertEquals(brightest, img.getRGB(x, 0));
        }
    }

    @Test
    void heatMapPicksTheNearestElementAlongEachRow() {
        BufferedImage img = Notebooks.heatMap(new float[][] {{0, 1}}, 4, 1, 0, 1);
        assertEquals(img.getRGB(0, 0), img.getRGB(1, 0));
        assertEquals(img.getRGB(2, 0), img.getRGB(3, 0));
        assertEquals(Color.HSBtoRGB(0.72f - 0.6f, 0.9f, 0.15f + 0.85f), img.getRGB(3, 0));
    }

    @Test
    void heatMapRefusesAnEmptyRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Notebooks.heatMap(new float[][] {{1}}, 1, 1, 2, 2));
        assertEquals("range [2.0, 2.0]: expected lo < hi", e.getMessage());
    }

    @Test
    void rowsCopiesATwoDimensionalArrayRowByRow() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] rows = Notebooks.rows(m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)));
            assertArrayEquals(new float[] {1, 2, 3}, rows[0]);
            assertArrayEquals(new float[] {4, 5, 6}, rows[1]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Notebooks.rows(m.create(new float[] {1, 2}, new Shape(1, 1, 2))));
            assertEquals("shape (1, 1, 2): expected (rows, columns)", e.getMessage());
        }
    }
}
