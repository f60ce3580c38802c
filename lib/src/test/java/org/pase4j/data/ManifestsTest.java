package org.pase4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ManifestsTest {

    private static Utterance u(String id, double seconds) {
        return new Utterance(id, Path.of(id + ".flac"), seconds, id.split("-")[0]);
    }

    @Test
    void speakersAddsUpEverySplitPerSpeaker() {
        Map<String, List<Utterance>> splits = Map.of("train", List.of(u("20-1-1", 2.0), u("10-1-1", 3.123)),
                "valid", List.of(u("20-1-2", 4.5)), "test", List.of());
        Table t = Manifests.speakers(splits);
        assertEquals(List.of("speaker", "utterances", "seconds", "min s", "mean s", "max s"), t.columnNames());
        assertEquals(List.of("10", "20"), t.stringColumn("speaker").asList(), "sorted");
        assertEquals(List.of(1, 2), t.intColumn("utterances").asList());
        assertEquals(6.5, t.doubleColumn("seconds").get(1), 1e-12);
        assertEquals(3.12, t.doubleColumn("mean s").get(0), 1e-12, "two decimals");
        assertEquals(2.0, t.doubleColumn("min s").get(1), 1e-12);
        assertEquals(4.5, t.doubleColumn("max s").get(1), 1e-12);
    }
}
