package org.pase4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Reading and writing manifests: CSV files with one utterance per row and the columns {@code ID},
 * {@code wav} (path relative to the manifest's folder), {@code duration} (seconds) and {@code spk_id}.
 */
public final class Manifests {

    private static final String[] COLUMNS = {"ID", "wav", "duration", "spk_id"};
    private static final ColumnType[] TYPES = {ColumnType.STRING, ColumnType.STRING, ColumnType.DOUBLE, ColumnType.STRING};

    private Manifests() {}

    /**
     * Writes a manifest atomically (temporary file, then rename).
     *
     * @param file the CSV file to write
     * @param utterances its rows
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, List<Utterance> utterances) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        StringColumn id = StringColumn.create(COLUMNS[0]);
        StringColumn wav = StringColumn.create(COLUMNS[1]);
        DoubleColumn duration = DoubleColumn.create(COLUMNS[2]);
        StringColumn speaker = StringColumn.create(COLUMNS[3]);
        for (Utterance u : utterances) {
            id.append(u.id());
            wav.append(dir.relativize(u.path().toAbsolutePath()).toString());
            duration.append(u.duration());
            speaker.append(u.speaker());
        }
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Table.create(file.getFileName().toString(), id, wav, duration, speaker).write().csv(tmp.toFile());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a manifest written by {@link #write}.
     *
     * @param file the CSV file
     * @return its utterances, in file order, with absolute paths
     * @throws IOException if the file is missing or its header is not {@code ID,wav,duration,spk_id}
     */
    public static List<Utterance> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("manifest " + file + " does not exist (run `prepare` first)");
        }
        String header = Files.readAllLines(file).stream().findFirst().orElse("");
        if (!header.equals(String.join(",", COLUMNS))) {
            throw new IOException("manifest " + file + ": header '" + header + "', expected '"
                    + String.join(",", COLUMNS) + "'");
        }
        Table table;
        try {
            table = Table.read().usingOptions(CsvReadOptions.builder(file.toFile()).columnTypes(TYPES));
        } catch (RuntimeException e) {
            throw new IOException("manifest " + file + " is malformed: " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        List<Utterance> utterances = new ArrayList<>(table.rowCount());
        for (Row row : table) {
            utterances.add(new Utterance(row.getString(COLUMNS[0]), dir.resolve(row.getString(COLUMNS[1])).normalize(),
                    row.getDouble(COLUMNS[2]), row.getString(COLUMNS[3])));
        }
        return utterances;
    }

    /**
     * A one-row-per-split overview: utterances, speakers, minutes, and shortest/mean/longest duration.
     *
     * @param splits utterances by split name, in display order
     * @return the summary table
     */
    public static Table summary(Map<String, List<Utterance>> splits) {
        return overview("corpus", "split", splits, true, "minutes", 60);
    }

    /**
     * A one-row-per-speaker overview over all splits: utterances, and total, mean, shortest and longest
     * duration in seconds, rounded to two decimals.
     *
     * @param splits utterances by split name
     * @return the table, speakers in sorted order
     */
    public static Table speakers(Map<String, List<Utterance>> splits) {
        Map<String, List<Utterance>> bySpeaker = new TreeMap<>();
        splits.values().forEach(list -> list.forEach(u -> bySpeaker.computeIfAbsent(u.speaker(), k -> new ArrayList<>())
                .add(u)));
        return overview("speakers", "speaker", bySpeaker, false, "seconds", 1);
    }

    /** One row per group: utterances, (speakers,) total duration in {@code unitSeconds}, min/mean/max in s. */
    private static Table overview(String title, String groupColumn, Map<String, List<Utterance>> groups,
            boolean withSpeakers, String totalColumn, double unitSeconds) {
        StringColumn group = StringColumn.create(groupColumn);
        IntColumn count = IntColumn.create("utterances");
        IntColumn speakers = IntColumn.create("speakers");
        DoubleColumn total = DoubleColumn.create(totalColumn);
        DoubleColumn shortest = DoubleColumn.create("min s");
        DoubleColumn mean = DoubleColumn.create("mean s");
        DoubleColumn longest = DoubleColumn.create("max s");
        groups.forEach((name, list) -> {
            DoubleColumn d = DoubleColumn.create("d", list.stream().mapToDouble(Utterance::duration).toArray());
            group.append(name);
            count.append(list.size());
            speakers.append(new LinkedHashSet<>(list.stream().map(Utterance::speaker).toList()).size());
            total.append(round(d.sum() / unitSeconds));
            shortest.append(round(list.isEmpty() ? 0 : d.min()));
            mean.append(round(list.isEmpty() ? 0 : d.mean()));
            longest.append(round(list.isEmpty() ? 0 : d.max()));
        });
        Table table = Table.create(title, group, count, speakers, total, shortest, mean, longest);
        return withSpeakers ? table : table.removeColumns(speakers);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** @return the manifest file of a split inside a manifest folder, e.g. {@code out/train.csv} */
    static Path fileOf(Path folder, String split) {
        return folder.resolve(split + ".csv");
    }
}
