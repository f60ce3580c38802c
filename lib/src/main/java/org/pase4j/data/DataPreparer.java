package org.pase4j.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import org.pase4j.audio.AudioFileException;
import org.pase4j.audio.AudioReader;
import org.pase4j.util.Progress;

/**
 * Writes the train/valid/test manifests of a LibriSpeech-layout corpus: every utterance below the data
 * folder is decoded once (so a corrupt or non-16 kHz file stops the preparation with its name), timed,
 * and assigned to a split by {@link Splits}.
 *
 * <p>A {@code prepare.properties} file beside the manifests records the seed, the split and a
 * fingerprint of the corpus (file names and sizes); when they all match, preparation is skipped.
 */
public final class DataPreparer {

    private static final String MARKER = "prepare.properties";

    private final Splits splits;
    private final long seed;

    /**
     * Creates a preparer.
     *
     * @param splits the split fractions
     * @param seed the split seed
     */
    public DataPreparer(Splits splits, long seed) {
        this.splits = splits;
        this.seed = seed;
    }

    /**
     * The manifests of a prepared corpus.
     *
     * @param folder where the manifests are
     * @param splits utterances by split name ({@code train}, {@code valid}, {@code test})
     * @param skipped true if nothing had to be done because the manifests were up to date
     */
    public record Prepared(Path folder, Map<String, List<Utterance>> splits, boolean skipped) {}

    /**
     * Prepares manifests, or reuses them when they are up to date.
     *
     * @param dataFolder the corpus root, searched recursively
     * @param outFolder where {@code train.csv}, {@code valid.csv}, {@code test.csv} go
     * @param force redo the work even when the manifests are up to date
     * @return the manifests
     * @throws IOException if the corpus holds no utterance, a file is unusable, or writing fails
     */
    public Prepared prepare(Path dataFolder, Path outFolder, boolean force) throws IOException {
        List<CorpusScanner.Entry> entries = CorpusScanner.scan(dataFolder);
        Properties wanted = marker(dataFolder, entries);
        Path markerFile = outFolder.resolve(MARKER);
        if (!force && wanted.equals(readMarker(markerFile)) && manifestsExist(outFolder)) {
            return new Prepared(outFolder, readAll(outFolder), true);
        }
        List<Utterance> utterances = decodeAll(entries);
        Map<String, List<Utterance>> split = splits.apply(utterances, seed);
        Files.createDirectories(outFolder);
        Files.deleteIfExists(markerFile);
        for (Map.Entry<String, List<Utterance>> e : split.entrySet()) {
            Manifests.write(Manifests.fileOf(outFolder, e.getKey()), e.getValue());
        }
        Path tmp = Files.createTempFile(outFolder, MARKER, ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            wanted.store(w, "pase4j prepare: manifests are reused while these values match");
        }
        Files.move(tmp, markerFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Prepared(outFolder, split, false);
    }

    /**
     * Reads the manifests of a prepared folder.
     *
     * @param outFolder the folder holding {@code train.csv}, {@code valid.csv}, {@code test.csv}
     * @return utterances by split name
     * @throws IOException if a manifest is missing or malformed
     */
    public static Map<String, List<Utterance>> readAll(Path outFolder) throws IOException {
        Map<String, List<Utterance>> out = new LinkedHashMap<>();
        for (String name : Splits.NAMES) {
            out.put(name, Manifests.read(Manifests.fileOf(outFolder, name)));
        }
        return out;
    }

    private static boolean manifestsExist(Path outFolder) {
        return Splits.NAMES.stream().allMatch(n -> Files.isRegularFile(Manifests.fileOf(outFolder, n)));
    }

    private static List<Utterance> decodeAll(List<CorpusScanner.Entry> entries) throws IOException {
        try (ProgressBar bar = Progress.items("decoding", entries.size())) {
            return entries.parallelStream().map(e -> {
                try {
                    float[] samples = AudioReader.read(e.path());
                    bar.step();
                    return new Utterance(e.id(), e.path().toAbsolutePath().normalize(),
                            samples.length / (double) AudioReader.SAMPLE_RATE, e.speaker());
                } catch (AudioFileException ex) {
                    throw new UncheckedIOException(ex);
                }
            }).collect(Collectors.toList());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private Properties marker(Path dataFolder, List<CorpusScanner.Entry> entries) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path root = dataFolder.toAbsolutePath().normalize();
        for (CorpusScanner.Entry e : entries) {
            String line = root.relativize(e.path().toAbsolutePath().normalize()) + "\t" + Files.size(e.path()) + "\n";
            digest.update(line.getBytes(StandardCharsets.UTF_8));
        }
        Properties p = new Properties();
        p.setProperty("data_folder", root.toString());
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("split", splits.train() + "/" + splits.valid());
        p.setProperty("utterances", Integer.toString(entries.size()));
        p.setProperty("fingerprint", HexFormat.of().formatHex(digest.digest()));
        return p;
    }

    private static Properties readMarker(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return p;
    }
}
