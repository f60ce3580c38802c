package org.pase4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;
import org.pase4j.audio.AudioReader;

class ChunkSamplerTest {

    private static final int CHUNK = 16000;

    static Map<String, List<Utterance>> splits;

    @BeforeAll
    static void prepare(@TempDir Path tmp) throws IOException {
        splits = new DataPreparer(Splits.DEFAULT, 1986).prepare(TestFiles.bundledCorpus(), tmp, false).splits();
    }

    private static ChunkSampler sampler(String split, int batch, long seed) {
        return new ChunkSampler(splits.get(split), CHUNK, batch, seed, new AudioCache(50_000_000));
    }

    private static List<ChunkBatch> all(Iterator<ChunkBatch> it) {
        List<ChunkBatch> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void batchesStackAnchorsPositivesAndNegativesOfTheRightSpeakers() throws IOException {
        ChunkSampler sampler = sampler("train", 8, 1986);
        List<ChunkBatch> epoch = all(sampler.epoch(0, 0));
        assertEquals(20, sampler.batchesPerEpoch());
        assertEquals(20, epoch.size());
        assertEquals(154 - 19 * 8, epoch.get(19).size(), "the last batch holds the rest");
        Set<String> trainIds = new HashSet<>();
        splits.get("train").forEach(u -> trainIds.add(u.id()));
        Set<String> visited = new HashSet<>();
        for (ChunkBatch b : epoch) {
            assertEquals(3 * b.size() * CHUNK, b.samples().length);
            for (int i = 0; i < b.size(); i++) {
                Utterance u = b.utterances().get(i);
                assertTrue(visited.add(u.id()), "each utterance once per epoch");
                assertNotEquals(u.speaker(), b.negatives().get(i).speaker());
                assertTrue(trainIds.contains(b.negatives().get(i).id()), "negatives come from the same split");
            }
        }
        assertEquals(trainIds, visited);
        // the chunks are real crops of their utterances
        ChunkBatch b = epoch.get(0);
        float[] wav = AudioReader.read(b.utterances().get(0).path());
        int a = indexOf(wav, b.anchor(0));
        int p = indexOf(wav, b.positive(0));
        assertTrue(a >= 0 && p >= 0, "anchor and positive are crops of the anchor utterance");
        assertTrue(indexOf(AudioReader.read(b.negatives().get(0).path()), b.negative(0)) >= 0);
    }

    private static int indexOf(float[] wav, float[] chunk) {
        for (int s = 0; s + chunk.length <= wav.length; s++) {
            if (Arrays.equals(wav, s, s + chunk.length, chunk, 0, chunk.length)) {
                return s;
            }
        }
        return -1;
    }

    @Test
    void deterministicForASeedShuffledPerEpochAndResumableInsideAnEpoch() {
        List<ChunkBatch> a = all(sampler("train", 8, 5).epoch(3, 0));
        List<ChunkBatch> b = all(sampler("train", 8, 5).epoch(3, 0));
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).samples(), b.get(i).samples());
            assertEquals(a.get(i).negatives(), b.get(i).negatives());
        }
        List<ChunkBatch> resumed = all(sampler("train", 8, 5).epoch(3, 4));
        assertEquals(a.size() - 4, resumed.size());
        assertArrayEquals(a.get(4).samples(), resumed.get(0).samples());
        List<ChunkBatch> nextEpoch = all(sampler("train", 8, 5).epoch(4, 0));
        assertNotEquals(a.get(0).utterances(), nextEpoch.get(0).utterances(), "shuffled per epoch");
        List<ChunkBatch> otherSeed = all(sampler("train", 8, 6).epoch(3, 0));
        assertNotEquals(a.get(0).utterances(), otherSeed.get(0).utterances());
        assertFalse(Arrays.equals(a.get(0).anchor(0), a.get(0).positive(0)), "two independent crops");
    }

    @Test
    void thePrefetcherYieldsTheSameBatchesFromABackgroundThread() {
        List<ChunkBatch> direct = all(sampler("valid", 4, 9).epoch(1, 0));
        List<ChunkBatch> prefetched;
        try (BatchPrefetcher<ChunkBatch> it = new BatchPrefetcher<>(sampler("valid", 4, 9).epoch(1, 0), 2)) {
            prefetched = all(it);
        }
        assertEquals(direct.size(), prefetched.size());
        for (int i = 0; i < direct.size(); i++) {
            assertArrayEquals(direct.get(i).samples(), prefetched.get(i).samples());
        }
    }

    @Test
    void loaderErrorsReachTheConsumer() {
        List<Utterance> broken = List.of(new Utterance("1-1-0001", Path.of("missing-a.flac"), 1, "1"),
                new Utterance("2-1-0001", Path.of("missing-b.flac"), 1, "2"));
        ChunkSampler sampler = new ChunkSampler(broken, CHUNK, 2, 1, new AudioCache(0));
        try (BatchPrefetcher<ChunkBatch> it = new BatchPrefetcher<>(sampler.epoch(0, 0), 1)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, it::hasNext);
            assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        }
    }

    @Test
    void aSplitWithOneSpeakerCannotGiveNegatives() {
        List<Utterance> one = List.of(new Utterance("1-1-0001", Path.of("a.flac"), 1, "1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChunkSampler(one, CHUNK, 2, 1, new AudioCache(0)));
        assertTrue(e.getMessage().startsWith("negatives need at least two speakers"));
    }

    @Test
    void aBatchBecomesAnEncoderInput() {
        ChunkBatch b = sampler("test", 3, 1).epoch(0, 0).next();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = b.toNDArray(manager);
            assertEquals(new Shape(9, 1, CHUNK), x.getShape());
            assertArrayEquals(b.negative(2), x.get(8).flatten().toFloatArray());
        }
    }

    @Test
    void speedJitterShiftsEachCropsPitchWithinItsRange(@TempDir Path tmp) throws IOException {
        List<Utterance> tones = new ArrayList<>();
        for (int speaker = 1; speaker <= 2; speaker++) {
            short[] pcm = new short[3 * 16000];
            for (int i = 0; i < pcm.length; i++) {
                pcm[i] = (short) (10000 * Math.sin(2 * Math.PI * 200 * speaker * i / 16000.0));
            }
            Path file = TestFiles.writeWav(tmp.resolve(speaker + ".wav"), pcm, 16000, 1);
            tones.add(new Utterance(speaker + "-1-0001", file, pcm.length, String.valueOf(speaker)));
        }
        ChunkSampler plain = new ChunkSampler(tones, CHUNK, 2, 3, new AudioCache(1_000_000));
        ChunkSampler jittered = plain.withSpeedJitter(100);
        double low = 200 * Math.pow(2, -100 / 1200.0);
        double high = 200 * Math.pow(2, 100 / 1200.0);
        Set<Long> seen = new HashSet<>();
        for (int epoch = 0; epoch < 10; epoch++) {
            ChunkBatch still = plain.epoch(epoch, 0).next();
            ChunkBatch moved = jittered.epoch(epoch, 0).next();
            assertArrayEquals(moved.samples(), jittered.epoch(epoch, 0).next().samples(), "deterministic");
            for (int i = 0; i < 2; i++) {
                int speaker = Integer.parseInt(moved.utterances().get(i).speaker());
                for (float[] chunk : List.of(moved.anchor(i), moved.positive(i))) {
                    double f = frequency(chunk) / speaker;
                    assertTrue(f > low - 0.5 && f < high + 0.5, f + " Hz outside ±100 cents of 200 Hz");
                    seen.add(Math.round(f));
                }
                assertEquals(200.0 * speaker, frequency(still.anchor(i)), 0.5, "no jitter: the tone as recorded");
            }
        }
        assertTrue(seen.size() > 10, "every crop draws its own speed: " + seen);
        assertThrows(IllegalArgumentException.class, () -> plain.withSpeedJitter(-1));
    }

    /** A tone's frequency from its zero crossings, in Hz. */
    private static double frequency(float[] chunk) {
        int first = -1;
        int last = -1;
        int crossings = 0;
        for (int i = 1; i < chunk.length; i++) {
            if ((chunk[i - 1] < 0) != (chunk[i] < 0)) {
                first = first < 0 ? i : first;
                last = i;
                crossings++;
            }
        }
        return (crossings - 1) / 2.0 / ((last - first) / 16000.0);
    }
}
