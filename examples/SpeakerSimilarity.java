import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.pase4j.audio.AudioReader;
import org.pase4j.data.CorpusScanner;
import org.pase4j.downstream.PretrainedEncoder;
import org.pase4j.model.EncoderConfig;
import org.pase4j.util.Progress;

/**
 * How well do a PASE encoder's features tell speakers apart? Embeds every utterance of a
 * LibriSpeech-layout folder, averages each utterance's frames into one vector and each speaker's
 * utterance vectors into one, then prints the speakers' cosine-similarity matrix and how often an
 * utterance's nearest other utterance (cosine) is of the same speaker.
 *
 * <pre>
 * java -cp "lib/target/pase4j.jar:lib/target/lib/*" examples/SpeakerSimilarity.java results/quick/1986 data/LibriSynth
 * java -cp "lib/target/pase4j.jar:lib/target/lib/*" examples/SpeakerSimilarity.java --random data/LibriSynth
 * </pre>
 */
public final class SpeakerSimilarity {

    private static final String USAGE = """
            usage: java -cp "lib/target/pase4j.jar:lib/target/lib/*" examples/SpeakerSimilarity.java ENCODER CORPUS
              ENCODER  a checkpoint folder (save/epoch-N) or a training output folder, or --random for the
                       recipe's encoder at random initialisation (seed 1986)
              CORPUS   a LibriSpeech-layout folder of <speaker>-<chapter>-<utterance>.flac/.wav files""";

    private SpeakerSimilarity() {}

    /** An utterance's speaker, its mean frame, and that scaled to unit length. */
    private record Utterance(String id, String speaker, double[] mean, double[] unit) {}

    /**
     * Runs the comparison.
     *
     * @param args {@code ENCODER CORPUS}
     */
    public static void main(String[] args) {
        if (args.length != 2 || args[0].startsWith("-") && !args[0].equals("--random")) {
            System.err.println(args.length == 0 ? USAGE : "error: expected ENCODER CORPUS, got " + String.join(" ", args)
                    + "\n" + USAGE);
            System.exit(2);
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        try (PretrainedEncoder encoder = args[0].equals("--random")
                ? PretrainedEncoder.random(EncoderConfig.recipe(), 1986) : PretrainedEncoder.load(Path.of(args[0]))) {
            List<Utterance> utterances = embed(encoder, CorpusScanner.scan(Path.of(args[1])));
            if (utterances.size() < 2) {
                throw new IOException(args[1] + " holds one utterance, expected at least two");
            }
            printSpeakerMatrix(utterances);
            printNearestNeighbours(utterances);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    private static List<Utterance> embed(PretrainedEncoder encoder, List<CorpusScanner.Entry> entries)
            throws IOException {
        List<Utterance> out = new ArrayList<>();
        try (ProgressBar bar = Progress.items("embedding", entries.size())) {
            for (CorpusScanner.Entry e : entries) {
                float[] samples = AudioReader.read(e.path());
                float[][] frames;
                try {
                    frames = encoder.embed(samples);
                } catch (IllegalArgumentException tooShort) {
                    throw new IOException(e.path() + ": too short to embed (" + samples.length + " samples)", tooShort);
                }
                double[] mean = new double[frames[0].length];
                for (float[] frame : frames) {
                    for (int d = 0; d < mean.length; d++) {
                        mean[d] += frame[d] / (double) frames.length;
                    }
                }
                out.add(new Utterance(e.id(), e.speaker(), mean, unit(mean)));
                bar.step();
            }
        }
        return out;
    }

    private static void printSpeakerMatrix(List<Utterance> utterances) {
        Map<String, double[]> speakers = new LinkedHashMap<>();
        for (Utterance u : utterances) {
            double[] sum = speakers.computeIfAbsent(u.speaker(), s -> new double[u.mean().length]);
            for (int d = 0; d < sum.length; d++) {
                sum[d] += u.mean()[d];
            }
        }
        List<String> ids = new ArrayList<>(speakers.keySet());
        List<double[]> directions = ids.stream().map(s -> unit(speakers.get(s))).toList();  // a sum points as its mean
        int longest = ids.stream().mapToInt(String::length).max().orElse(0);
        String first = "%-" + (Math.max("speaker".length(), longest) + 1) + "s";
        int cell = Math.max(6, longest + 1);
        System.out.printf(Locale.ROOT, "cosine similarity of the speakers' mean embeddings (%d speakers, %d utterances)%n",
                ids.size(), utterances.size());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, first, "speaker"));
        ids.forEach(id -> header.append(String.format(Locale.ROOT, "%" + cell + "s", id)));
        System.out.println(header);
        for (int i = 0; i < ids.size(); i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, first, ids.get(i)));
            for (int j = 0; j < ids.size(); j++) {
                row.append(String.format(Locale.ROOT, "%" + cell + ".2f", dot(directions.get(i), directions.get(j))));
            }
            System.out.println(row);
        }
    }

    private static void printNearestNeighbours(List<Utterance> utterances) {
        int same = 0;
        double chance = 0;
        for (Utterance u : utterances) {
            Utterance nearest = null;
            double best = Double.NEGATIVE_INFINITY;
            int sameSpeakerOthers = 0;
            for (Utterance v : utterances) {
                if (v == u) {
                    continue;
                }
                double cosine = dot(u.unit(), v.unit());
                if (cosine > best) {
                    best = cosine;
                    nearest = v;
                }
                sameSpeakerOthers += v.speaker().equals(u.speaker()) ? 1 : 0;
            }
            same += nearest.speaker().equals(u.speaker()) ? 1 : 0;
            chance += sameSpeakerOthers / (double) (utterances.size() - 1);
        }
        int n = utterances.size();
        System.out.printf(Locale.ROOT, "nearest neighbour: %d of %d utterances (%.1f %%) have a nearest other utterance"
                + " of the same speaker (chance %.1f %%)%n", same, n, 100.0 * same / n, 100.0 * chance / n);
    }

    private static double[] unit(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        double[] u = new double[v.length];
        for (int d = 0; d < v.length; d++) {
            u[d] = norm > 0 ? v[d] / norm : 0;
        }
        return u;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }
}
