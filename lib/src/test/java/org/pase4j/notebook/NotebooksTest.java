package org.pase4j.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.train.EpochResult;
import tech.tablesaw.api.Table;

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
    void lossTableHasOneRowPerEpochAndSplitAndOneColumnPerWorker() {
        List<EpochResult> history = List.of(
                new EpochResult(1, losses(0.123456, 0.7), losses(0.2, 0.69), 1e-3f, 1e-3f, 5),
                new EpochResult(2, losses(0.1, 0.6), losses(0.15, 0.68), 1e-3f, 1e-3f, 5));
        Table table = Notebooks.lossTable(history);
        assertEquals(List.of("epoch", "split", "mfcc", "lim", "total"), table.columnNames());
        assertEquals(List.of(1, 1, 2, 2), table.intColumn("epoch").asList());
        assertEquals(List.of("train", "valid", "train", "valid"), table.stringColumn("split").asList());
        assertEquals(0.1235, table.doubleColumn("mfcc").get(0), 1e-12, "four decimals");
        assertEquals(0.68, table.doubleColumn("lim").get(3), 1e-12);
        assertEquals((0.1 + 0.6) / 2, table.doubleColumn("total").get(2), 1e-12);
    }

    @Test
    void lossTableNamesANonFiniteLoss() {
        List<EpochResult> history = List.of(new EpochResult(3, losses(0.1, 0.7), losses(Double.NaN, 0.7), 1, 1, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Notebooks.lossTable(history));
        assertEquals("valid loss of mfcc in epoch 3 is NaN: expected a finite loss", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Notebooks.lossTable(List.of()));
    }

    private static Map<String, Double> losses(double mfcc, double lim) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mfcc", mfcc);
        m.put("lim", lim);
        m.put("total", (mfcc + lim) / 2);
        return m;
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
