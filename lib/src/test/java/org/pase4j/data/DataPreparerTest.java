package org.pase4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;
import org.pase4j.audio.AudioFileException;

class DataPreparerTest {

    @TempDir
    Path tmp;

    @Test
    void bundledCorpusSplits80By10By10WithEveryUtteranceOnce() throws IOException {
        DataPreparer.Prepared p = new DataPreparer(Splits.DEFAULT, 1986).prepare(TestFiles.bundledCorpus(), tmp, false);
        assertFalse(p.skipped());
        Map<String, List<Utterance>> s = p.splits();
        assertEquals(List.of(154, 19, 19), List.of(s.get("train").size(), s.get("valid").size(), s.get("test").size()));
        Set<String> ids = new HashSet<>();
        s.values().forEach(list -> list.forEach(u -> assertTrue(ids.add(u.id()), "once: " + u.id())));
        assertEquals(192, ids.size());
        Utterance first = s.get("train").get(0);
        assertEquals(first.id().substring(0, 4), first.speaker());
        assertTrue(first.duration() >= 2.0 && first.duration() <= 4.5, "duration " + first.duration());
        assertEquals(16, s.get("train").stream().map(Utterance::speaker).distinct().count());
        // what was written is what is read back
        assertEquals(s, DataPreparer.readAll(tmp));
        assertEquals("ID,wav,duration,spk_id", Files.readAllLines(tmp.resolve("train.csv")).get(0));
    }

    @Test
    void theSplitIsStableForASeedAndChangesWithIt() throws IOException {
        Map<String, List<Utterance>> a = new DataPreparer(Splits.DEFAULT, 7).prepare(TestFiles.bundledCorpus(),
                tmp.resolve("a"), false).splits();
        Map<String, List<Utterance>> b = new DataPreparer(Splits.DEFAULT, 7).prepare(TestFiles.bundledCorpus(),
                tmp.resolve("b"), false).splits();
        Map<String, List<Utterance>> c = new DataPreparer(Splits.DEFAULT, 8).prepare(TestFiles.bundledCorpus(),
                tmp.resolve("c"), false).splits();
        assertEquals(a, b);
        assertEquals(Files.readString(tmp.resolve("a/test.csv")), Files.readString(tmp.resolve("b/test.csv")));
        assertNotEquals(a.get("test"), c.get("test"));
    }

    private Path corpus(int speakers, int perSpeaker) {
        Path root = tmp.resolve("corpus");
        for (int s = 0; s < speakers; s++) {
            for (int u = 0; u < perSpeaker; u++) {
                String spk = Integer.toString(100 + s);
                TestFiles.copy(TestFiles.audio("speech.flac"),
                        root.resolve("sub/" + spk + "/7/" + spk + "-7-" + String.format("%04d", u) + ".flac"));
            }
        }
        return root;
    }

    @Test
    void upToDateManifestsAreReusedUnlessForcedOrTheCorpusChanged() throws IOException {
        Path root = corpus(2, 5);
        Path out = tmp.resolve("out");
        DataPreparer preparer = new DataPreparer(Splits.DEFAULT, 1);
        assertFalse(preparer.prepare(root, out, false).skipped());
        DataPreparer.Prepared again = preparer.prepare(root, out, false);
        assertTrue(again.skipped());
        assertEquals(8, again.splits().get("train").size());
        assertEquals(1.5, again.splits().get("train").get(0).duration(), 1e-9);
        assertFalse(preparer.prepare(root, out, true).skipped(), "forced");
        assertFalse(new DataPreparer(Splits.DEFAULT, 2).prepare(root, out, false).skipped(), "another seed");
        TestFiles.copy(TestFiles.audio("speech.flac"), root.resolve("sub/100/7/100-7-0099.flac"));
        DataPreparer.Prepared grown = new DataPreparer(Splits.DEFAULT, 2).prepare(root, out, false);
        assertFalse(grown.skipped(), "a new file");
        assertEquals(11, grown.splits().values().stream().mapToInt(List::size).sum());
    }

    @Test
    void aCorruptOrWrongRateFileStopsPreparationNamingIt() throws IOException {
        Path root = corpus(2, 3);
        Path wrongRate = TestFiles.copy(TestFiles.audio("speech-44k.flac"), root.resolve("sub/101/7/101-7-0042.flac"));
        AudioFileException e = assertThrows(AudioFileException.class,
                () -> new DataPreparer(Splits.DEFAULT, 1).prepare(root, tmp.resolve("out"), false));
        assertEquals(wrongRate, e.file());
        assertTrue(e.getMessage().contains("expected 16000 Hz"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out/train.csv")));

        Files.delete(wrongRate);
        Path corrupt = root.resolve("sub/101/7/101-7-0043.flac");
        byte[] bytes = Files.readAllBytes(TestFiles.audio("speech.flac"));
        Files.write(corrupt, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        e = assertThrows(AudioFileException.class,
                () -> new DataPreparer(Splits.DEFAULT, 1).prepare(root, tmp.resolve("out"), false));
        assertEquals(corrupt, e.file());
    }

    @Test
    void aFolderWithoutUtterancesIsAClearError() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> new DataPreparer(Splits.DEFAULT, 1).prepare(empty, tmp, false));
        assertTrue(e.getMessage().startsWith("no LibriSpeech-layout utterance"), e.getMessage());
        IOException missing = assertThrows(IOException.class,
                () -> new DataPreparer(Splits.DEFAULT, 1).prepare(tmp.resolve("nope"), tmp, false));
        assertEquals("data folder " + tmp.resolve("nope") + " does not exist or is not a folder", missing.getMessage());
    }

    @Test
    void splitFractionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Splits(0.9, 0.2));
        assertThrows(IllegalArgumentException.class, () -> new Splits(0, 0.1));
    }
}
