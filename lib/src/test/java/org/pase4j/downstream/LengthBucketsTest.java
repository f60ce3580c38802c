package org.pase4j.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LengthBucketsTest {

    private static List<List<Integer>> group(List<Integer> lengths, int maxItems, long maxSamples) {
        return LengthBuckets.group(lengths, Integer::longValue, maxItems, maxSamples);
    }

    @Test
    void neighboursInLengthShareABatchLongestFirst() {
        assertEquals(List.of(List.of(90, 80, 70), List.of(50, 40, 30), List.of(20, 10)),
                group(List.of(30, 90, 10, 50, 70, 20, 80, 40), 3, 1000));
        assertEquals(List.of(List.of(3), List.of(2), List.of(1)), group(List.of(1, 2, 3), 1, 1000), "one at a time");
        assertEquals(List.of(), group(List.of(), 4, 1000));
    }

    @Test
    void aBatchsPaddedSizeStaysWithinTheSampleBoundUnlessOneUtteranceIsLonger() {
        assertEquals(List.of(List.of(500), List.of(100, 90, 80), List.of(60, 50)),
                group(List.of(50, 100, 500, 60, 80, 90), 8, 300), "3 x 100 fits 300, 4 x 100 would not");
        assertEquals(List.of(List.of(400), List.of(301)), group(List.of(301, 400), 8, 300),
                "longer than the bound: alone, as with a batch of 1");
    }

    private record Utterance(String name, long samples) {}

    @Test
    void equalLengthsKeepTheirOrder() {
        Utterance a = new Utterance("a", 7);
        Utterance b = new Utterance("b", 7);
        Utterance c = new Utterance("c", 9);
        Utterance d = new Utterance("d", 7);
        assertEquals(List.of(List.of(c, a), List.of(b, d)),
                LengthBuckets.group(List.of(a, b, c, d), Utterance::samples, 2, 100));
    }
}
