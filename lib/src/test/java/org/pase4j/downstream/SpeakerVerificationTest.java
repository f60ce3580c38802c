package org.pase4j.downstream;

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

class SpeakerVerificationTest {

    @TempDir
    Path tmp;

    @Test
    void allPairsAreEveryPairOnceWithTargetsWhereSpeakersMatch() {
        List<SpeakerVerification.Trial> trials = SpeakerVerification.allPairs(new int[] {0, 1, 0, 1, 2});
        assertEquals(10, trials.size());
        assertEquals(2, trials.stream().filter(SpeakerVerification.Trial::target).count());
        assertTrue(trials.contains(new SpeakerVerification.Trial(0, 2, true)));
        assertTrue(trials.contains(new SpeakerVerification.Trial(1, 3, true)));
        assertTrue(trials.contains(new SpeakerVerification.Trial(0, 4, false)));
    }

    @Test
    void vectorsAreZScoredWithTheReferenceAndScoredByCosine() {
        // two frames per utterance, one dimension: pooled (mean, std) = (1, 0), (3, 0), (1, 0), (5, 0)
        FeatureSet reference = new FeatureSet("f", 1, 2, List.of(new float[] {1, 1}, new float[] {3, 3}), new int[] {0, 1});
        FeatureSet test = new FeatureSet("f", 1, 2, List.of(new float[] {1, 1}, new float[] {5, 5}), new int[] {0, 1});
        double[][] v = SpeakerVerification.vectors(test, reference);
        // reference mean 2, std 1: means become -1 and 3; the std column (all 0) stays 0
        assertEquals(-1, v[0][0], 1e-6);
        assertEquals(3, v[1][0], 1e-6);
        assertEquals(0, v[1][1], 1e-6);
        assertEquals(-1, SpeakerVerification.cosine(v[0], v[1]), 1e-9);
        assertEquals(1, SpeakerVerification.cosine(new double[] {1, 2}, new double[] {2, 4}), 1e-12);
    }

    @Test
    void aVoxCelebTrialListIsReadRelativeToTheCorpus() throws IOException {
        Path corpus = tmp.resolve("corpus");
        Path a = corpus.resolve("1/1/1-1-0.flac").toAbsolutePath().normalize();
        Path b = corpus.resolve("2/1/2-1-0.flac").toAbsolutePath().normalize();
        Map<Path, Integer> index = Map.of(a, 0, b, 1);
        Path list = Files.writeString(tmp.resolve("trials.txt"), "1 1/1/1-1-0.flac 1/1/1-1-0.flac\n\n0 1/1/1-1-0.flac "
                + b + "\n");
        assertEquals(List.of(new SpeakerVerification.Trial(0, 0, true), new SpeakerVerification.Trial(0, 1, false)),
                SpeakerVerification.read(list, corpus, index));

        Path bad = Files.writeString(tmp.resolve("bad.txt"), "yes 1/1/1-1-0.flac 2/1/2-1-0.flac\n");
        assertEquals(bad + " line 1: 'yes 1/1/1-1-0.flac 2/1/2-1-0.flac', expected 'label path1 path2' with label 1"
                + " (same speaker) or 0", assertThrows(IOException.class,
                        () -> SpeakerVerification.read(bad, corpus, index)).getMessage());
        Path unknown = Files.writeString(tmp.resolve("unknown.txt"), "0 1/1/1-1-0.flac 3/1/3-1-0.flac\n");
        assertEquals(unknown + " line 1: '0 1/1/1-1-0.flac 3/1/3-1-0.flac': 3/1/3-1-0.flac is not an audio file of "
                + corpus, assertThrows(IOException.class, () -> SpeakerVerification.read(unknown, corpus, index))
                .getMessage());
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "\n");
        assertEquals(empty + " holds no trial, expected lines 'label path1 path2'", assertThrows(IOException.class,
                () -> SpeakerVerification.read(empty, corpus, index)).getMessage());
    }
}
