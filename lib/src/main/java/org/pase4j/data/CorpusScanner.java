package org.pase4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the utterances of a LibriSpeech-layout corpus: every file named
 * {@code <speaker>-<chapter>-<utterance>.flac} (or {@code .wav}) anywhere below a folder, usually as
 * {@code <subset>/<speaker>/<chapter>/<speaker>-<chapter>-<utterance>.flac}.
 */
public final class CorpusScanner {

    private static final Pattern NAME = Pattern.compile("(\\d+)-(\\d+)-(\\d+)\\.(flac|wav)", Pattern.CASE_INSENSITIVE);

    private CorpusScanner() {}

    /**
     * An audio file found by the scanner, before it is decoded.
     *
     * @param id utterance id (file name without extension)
     * @param speaker speaker id
     * @param path the file
     */
    public record Entry(String id, String speaker, Path path) {}

    /**
     * Lists the utterances below a folder, sorted by id.
     *
     * @param folder the corpus root
     * @return the entries, sorted by utterance id
     * @throws IOException if the folder cannot be read, holds no utterance, or holds one id twice
     */
    public static List<Entry> scan(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("data folder " + folder + " does not exist or is not a folder");
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(Files::isRegularFile).forEach(p -> {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    String id = m.group(1) + "-" + m.group(2) + "-" + m.group(3);
                    entries.add(new Entry(id, m.group(1), p));
                }
            });
        }
        if (entries.isEmpty()) {
            throw new IOException("no LibriSpeech-layout utterance (<speaker>-<chapter>-<utt>.flac or .wav) found below "
                    + folder);
        }
        entries.sort(Comparator.comparing(Entry::id));
        Map<String, Path> seen = new HashMap<>();
        for (Entry e : entries) {
            Path before = seen.putIfAbsent(e.id(), e.path());
            if (before != null) {
                throw new IOException("utterance id " + e.id() + " appears twice: " + before + " and " + e.path());
            }
        }
        return entries;
    }
}
