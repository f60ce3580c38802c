package org.pase4j.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.pase4j.util.Options;

/**
 * Settings of the environment corruption (the recipe's {@code env_corrupt}), read from the
 * {@code env_corrupt} mapping of train.yaml. Noise and reverberation are drawn independently per chunk.
 * Messages use the yaml names, e.g. {@code env_corrupt.noise_prob}.
 *
 * @param noiseProbability chance that a chunk gets additive noise ({@code noise_prob}, recipe 1.0)
 * @param snrLowDb lowest signal-to-noise ratio in dB ({@code snr_low}, recipe 10)
 * @param snrHighDb highest signal-to-noise ratio in dB ({@code snr_high}, recipe 30); the SNR is uniform
 *     in {@code [snrLowDb, snrHighDb]}
 * @param reverbProbability chance that a chunk is reverberated ({@code reverb_prob}, recipe 0.3)
 * @param rt60LowSeconds shortest reverberation time of synthetic rooms ({@code rt60_low}, default 0.2 s:
 *     a small furnished room)
 * @param rt60HighSeconds longest reverberation time of synthetic rooms ({@code rt60_high}, default 0.8 s:
 *     a classroom or meeting hall); the RT60 is uniform in between
 * @param noiseFolder folder of noise files ({@code noise_folder}, searched recursively for {@code .flac}
 *     and {@code .wav}, 16 kHz mono 16-bit), used instead of synthetic noise; {@code null} to synthesise
 * @param rirFolder folder of room impulse responses ({@code rir_folder}, same file rules), used instead
 *     of synthetic rooms; {@code null} to synthesise
 * @param gainDb every chunk's level is changed by a gain uniform in {@code [-gainDb, +gainDb]} dB
 *     ({@code gain_db}; the recipe has no level change: 0), so that loudness tells nothing about which
 *     chunks come from the same recording
 * @param eqDb every chunk is filtered by a random equaliser whose bands boost or cut by up to this many dB
 *     ({@code eq_db}; the recipe has none: 0), so that the colour of a recording tells little about which
 *     chunks come from it
 */
public record CorruptionOptions(double noiseProbability, double snrLowDb, double snrHighDb,
        double reverbProbability, double rt60LowSeconds, double rt60HighSeconds, Path noiseFolder,
        Path rirFolder, double gainDb, double eqDb) {

    private static final String SECTION = "env_corrupt";
    private static final Set<String> KEYS = Set.of("noise_prob", "snr_low", "snr_high", "reverb_prob", "rt60_low",
            "rt60_high", "noise_folder", "rir_folder", "gain_db", "eq_db");

    /**
     * Settings without level changes or equalisation ({@code gain_db} and {@code eq_db} 0).
     *
     * @param noiseProbability see the record
     * @param snrLowDb see the record
     * @param snrHighDb see the record
     * @param reverbProbability see the record
     * @param rt60LowSeconds see the record
     * @param rt60HighSeconds see the record
     * @param noiseFolder see the record
     * @param rirFolder see the record
     */
    public CorruptionOptions(double noiseProbability, double snrLowDb, double snrHighDb, double reverbProbability,
            double rt60LowSeconds, double rt60HighSeconds, Path noiseFolder, Path rirFolder) {
        this(noiseProbability, snrLowDb, snrHighDb, reverbProbability, rt60LowSeconds, rt60HighSeconds, noiseFolder,
                rirFolder, 0, 0);
    }

    /** Checks the values; folders must exist and hold at least one {@code .flac} or {@code .wav} file. */
    public CorruptionOptions {
        requireProbability("noise_prob", noiseProbability);
        requireProbability("reverb_prob", reverbProbability);
        requireAbove("snr_low", snrLowDb, Double.NEGATIVE_INFINITY, "a finite number of dB");
        requireAbove("snr_high", snrHighDb, Double.NEGATIVE_INFINITY, "a finite number of dB");
        requireOrdered("snr_low", snrLowDb, "snr_high", snrHighDb);
        requireAbove("rt60_low", rt60LowSeconds, 0, "a positive number of seconds");
        requireAbove("rt60_high", rt60HighSeconds, 0, "a positive number of seconds");
        requireOrdered("rt60_low", rt60LowSeconds, "rt60_high", rt60HighSeconds);
        if (!(gainDb >= 0 && gainDb <= 40)) {
            throw new IllegalArgumentException(SECTION + ".gain_db: " + gainDb + ", expected a number of dB in [0, 40]");
        }
        if (!(eqDb >= 0 && eqDb <= 24)) {
            throw new IllegalArgumentException(SECTION + ".eq_db: " + eqDb + ", expected a number of dB in [0, 24]");
        }
        if (rt60HighSeconds > 10) {
            throw new IllegalArgumentException(SECTION + ".rt60_high: " + rt60HighSeconds + ", expected at most 10 s");
        }
        if (noiseFolder != null) {
            requireAudio("noise_folder", noiseFolder);
        }
        if (rirFolder != null) {
            requireAudio("rir_folder", rirFolder);
        }
    }

    /** @return the recipe's settings: noise always (10–30 dB SNR), reverberation 30 % (RT60 0.2–0.8 s) */
    public static CorruptionOptions recipe() {
        return new CorruptionOptions(1.0, 10, 30, 0.3, 0.2, 0.8, null, null);
    }

    /** @return no corruption: both probabilities 0, other values as in {@link #recipe()} */
    public static CorruptionOptions none() {
        return new CorruptionOptions(0, 10, 30, 0, 0.2, 0.8, null, null);
    }

    /** @return whether any chunk can be changed (some probability, the gain or the equaliser range above 0) */
    public boolean isEnabled() {
        return noiseProbability > 0 || reverbProbability > 0 || gainDb > 0 || eqDb > 0;
    }

    /**
     * Reads the {@code env_corrupt} mapping of train.yaml; missing keys, and keys set to null, keep the
     * recipe's values (null folders mean synthetic noise and rooms).
     *
     * @param map the mapping
     * @return the settings
     * @throws IllegalArgumentException naming an unknown key, a value of the wrong type, a value out of
     *     range or an unusable folder
     */
    public static CorruptionOptions fromMap(Map<String, Object> map) {
        Map<String, Object> present = new HashMap<>();
        map.forEach((key, value) -> {
            if (value != null) {
                present.put(key, value);
            }
        });
        Options o = new Options(SECTION, present).requireKnown(KEYS);
        CorruptionOptions d = recipe();
        return new CorruptionOptions(o.number("noise_prob", d.noiseProbability()), o.number("snr_low", d.snrLowDb()),
                o.number("snr_high", d.snrHighDb()), o.number("reverb_prob", d.reverbProbability()),
                o.number("rt60_low", d.rt60LowSeconds()), o.number("rt60_high", d.rt60HighSeconds()),
                folder(o, "noise_folder"), folder(o, "rir_folder"), o.number("gain_db", d.gainDb()),
                o.number("eq_db", d.eqDb()));
    }

    private static Path folder(Options o, String key) {
        if (!o.values().containsKey(key)) {
            return null;
        }
        String name = o.string(key, "");
        if (name.isBlank()) {
            throw new IllegalArgumentException(SECTION + "." + key + ": '" + name + "', expected a folder");
        }
        return Path.of(name);
    }

    /**
     * The {@code .flac} and {@code .wav} files below a folder, in path order.
     *
     * @param key the folder's yaml key, for messages
     * @param folder the folder
     * @return at least one file
     * @throws IllegalArgumentException naming the folder if it is missing, unreadable or holds no audio file
     */
    static List<Path> audioFiles(String key, Path folder) {
        List<Path> files = walk(key, folder, audio -> audio.sorted().toList());
        if (files.isEmpty()) {
            throw noAudio(key, folder);
        }
        return files;
    }

    private static void requireAudio(String key, Path folder) {
        if (walk(key, folder, audio -> audio.findAny()).isEmpty()) {
            throw noAudio(key, folder);
        }
    }

    private static <T> T walk(String key, Path folder, Function<Stream<Path>, T> query) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(SECTION + "." + key + ": " + folder + " is not a folder");
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return query.apply(walk.filter(AudioReader::isAudioFile).filter(Files::isRegularFile));
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(SECTION + "." + key + ": " + folder + " cannot be listed ("
                    + e.getMessage() + ")", e);
        }
    }

    private static IllegalArgumentException noAudio(String key, Path folder) {
        return new IllegalArgumentException(SECTION + "." + key + ": " + folder
                + " holds no .flac or .wav file, expected 16 kHz mono 16-bit audio");
    }

    private static void requireProbability(String key, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(SECTION + "." + key + ": " + p + ", expected a probability in [0, 1]");
        }
    }

    private static void requireAbove(String key, double v, double bound, String expected) {
        if (!(Double.isFinite(v) && v > bound)) {
            throw new IllegalArgumentException(SECTION + "." + key + ": " + v + ", expected " + expected);
        }
    }

    private static void requireOrdered(String lowKey, double low, String highKey, double high) {
        if (low > high) {
            throw new IllegalArgumentException(SECTION + ": " + lowKey + " " + low + " > " + highKey + " " + high
                    + ", expected " + lowKey + " <= " + highKey);
        }
    }
}
