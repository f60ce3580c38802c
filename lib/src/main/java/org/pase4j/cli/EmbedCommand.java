package org.pase4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.pase4j.audio.AudioReader;
import org.pase4j.downstream.Npy;
import org.pase4j.downstream.PretrainedEncoder;
import org.pase4j.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pase4j embed}: writes a trained encoder's frames of every audio file as NumPy {@code .npy} files. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embeds 16 kHz audio with a trained encoder: one NumPy .npy file per .flac/.wav file.",
            "OUT/<folders below INPUT>/<file stem>.npy holds a float32 array of shape (frames, emb_dim),",
            "little-endian '<f4', C order: row i is frame i (10 ms hop, frames = ceil(samples / 160)), so the",
            "recipe gives 100 rows of 100 values per second of audio. Load it with numpy.load(path) in Python or",
            "org.pase4j.downstream.Npy.read(path) in Java. A .npy newer than its audio file and the encoder is",
            "kept unless --force is given."})
final class EmbedCommand implements Callable<Integer> {

    @Option(names = "--encoder", required = true, paramLabel = "PATH",
            description = "a checkpoint folder (save/epoch-N), a training output folder (its newest checkpoint) or a .npz"
                    + " file (pase4j export, pase4j_torch.save)")
    Path encoder;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "a .flac/.wav file, or a folder searched recursively for them")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the .npy files go")
    Path out;

    @Option(names = "--force", description = "embed again even where the .npy file is up to date")
    boolean force;

    @Spec
    CommandSpec spec;

    /** An audio file and the {@code .npy} file its frames go to. */
    record Job(Path audio, Path npy) {}

    /** What a run did. */
    record Summary(int embedded, int upToDate, long samples, double seconds) {

        /** @return processing time over audio duration: below 1 is faster than real time */
        double realTimeFactor() {
            return seconds / (samples / (double) AudioReader.SAMPLE_RATE);
        }
    }

    @Override
    public Integer call() throws IOException {
        Summary s = run();
        PrintWriter o = spec.commandLine().getOut();
        if (s.embedded() == 0) {
            o.printf(Locale.ROOT, "all %s in %s up to date (--force embeds again)%n", files(s.upToDate(), ".npy "), out);
        } else {
            o.printf(Locale.ROOT, "embedded %s into %s: %.1f s of audio in %.1f s, real-time factor %.3f%s%n",
                    files(s.embedded(), ""), out, s.samples() / (double) AudioReader.SAMPLE_RATE, s.seconds(),
                    s.realTimeFactor(), s.upToDate() > 0 ? "; " + s.upToDate() + " up to date" : "");
        }
        o.flush();
        return 0;
    }

    /**
     * Embeds every audio file of the input that has no up-to-date {@code .npy} file.
     *
     * @return the counts and timing
     * @throws IOException naming the input, the encoder or the audio file at fault
     */
    Summary run() throws IOException {
        List<Job> jobs = jobs(input, out);
        try (PretrainedEncoder model = PretrainedEncoder.load(encoder);
                ProgressBar bar = Progress.items("embed", jobs.size())) {
            FileTime encoderTime = model.parametersFile().isEmpty() ? FileTime.fromMillis(0)
                    : Files.getLastModifiedTime(model.parametersFile().get());
            int embedded = 0;
            long samples = 0;
            long start = System.nanoTime();
            for (Job job : jobs) {
                if (force || !upToDate(job, encoderTime)) {
                    float[] audio = AudioReader.read(job.audio());
                    float[][] frames;
                    try {
                        frames = model.embed(audio);
                    } catch (IllegalArgumentException e) {
                        throw new IOException(job.audio() + ": too short to embed (" + audio.length + " samples): "
                                + e.getMessage(), e);
                    }
                    Npy.write(job.npy(), frames);
                    embedded++;
                    samples += audio.length;
                }
                bar.step();
            }
            return new Summary(embedded, jobs.size() - embedded, samples, (System.nanoTime() - start) / 1e9);
        }
    }

    private static String files(int n, String kind) {
        return n + " " + kind + (n == 1 ? "file" : "files");
    }

    private static boolean upToDate(Job job, FileTime encoderTime) throws IOException {
        if (!Files.isRegularFile(job.npy())) {
            return false;
        }
        FileTime npy = Files.getLastModifiedTime(job.npy());
        return npy.compareTo(Files.getLastModifiedTime(job.audio())) > 0 && npy.compareTo(encoderTime) > 0;
    }

    /**
     * Pairs every audio file with its {@code .npy} file.
     *
     * @param input a {@code .flac}/{@code .wav} file or a folder of them
     * @param out the output folder
     * @return the pairs, sorted by audio path
     * @throws IOException if the input does not exist, holds no audio, or two files would share a {@code .npy}
     */
    static List<Job> jobs(Path input, Path out) throws IOException {
        if (Files.isRegularFile(input)) {
            if (!isAudio(input)) {
                throw new IOException("input " + input + " is not a .flac or .wav file");
            }
            return List.of(new Job(input, out.resolve(stem(input) + ".npy")));
        }
        if (!Files.isDirectory(input)) {
            throw new IOException("input " + input + " does not exist, expected a .flac/.wav file or a folder of them");
        }
        List<Path> audio;
        try (Stream<Path> files = Files.walk(input)) {
            audio = files.filter(p -> Files.isRegularFile(p) && isAudio(p)).sorted().toList();
        }
        if (audio.isEmpty()) {
            throw new IOException("no .flac or .wav file below " + input);
        }
        List<Job> jobs = new ArrayList<>();
        Map<Path, Path> sources = new HashMap<>();
        for (Path a : audio) {
            Path npy = out.resolve(input.relativize(a.getParent()).toString()).resolve(stem(a) + ".npy");
            Path other = sources.putIfAbsent(npy, a);
            if (other != null) {
                throw new IOException(other + " and " + a + " would both be embedded into " + npy
                        + ", expected one audio file per name");
            }
            jobs.add(new Job(a, npy));
        }
        return jobs;
    }

    private static boolean isAudio(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".flac") || name.endsWith(".wav");
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }
}
