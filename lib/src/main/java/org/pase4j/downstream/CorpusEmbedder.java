package org.pase4j.downstream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.pase4j.audio.AudioReader;
import org.pase4j.util.Progress;

/**
 * Embeds a corpus into NumPy files, one {@code .npy} per audio file, as {@code pase4j embed} does:
 * <pre>{@code
 * CorpusEmbedder embedder = CorpusEmbedder.builder()
 *         .setInput(Path.of("corpus"))             // a .flac/.wav file or a folder searched recursively
 *         .setOutput(Path.of("embeddings"))
 *         .build();
 * CorpusEmbedder.Summary s = embedder.run(Path.of("results/quick/1986"));  // any PretrainedEncoder.load path
 * }</pre>
 * {@code OUTPUT/<folders below INPUT>/<file stem>.npy} holds a float32 array of shape
 * {@code (frames, emb_dim)} written by {@link Npy}: row i is frame i, {@code ⌈samples / hop⌉} frames.
 * A {@code .npy} file newer than both its audio file and the encoder's parameters file is up to date and
 * kept, unless {@link Builder#optForce force} is set, so an interrupted or extended corpus is finished
 * without embedding it again. Audio must be 16 kHz ({@link AudioReader}). Files are embedded one at a
 * time, whole, on the encoder's device, with a progress bar ({@link Progress}); memory grows with the
 * longest file. Instances are immutable.
 */
public final class CorpusEmbedder {

    private final Path input;
    private final Path output;
    private final boolean force;

    private CorpusEmbedder(Builder builder) {
        this.input = builder.input;
        this.output = builder.output;
        this.force = builder.force;
    }

    /** @return a builder; input and output are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * An audio file and the {@code .npy} file its frames go to.
     *
     * @param audio the {@code .flac} or {@code .wav} file
     * @param npy its {@code .npy} file below the output folder
     */
    public record Job(Path audio, Path npy) {

        /**
         * Whether the {@code .npy} file exists and is newer than both the audio file and the encoder.
         *
         * @param encoderModified when the encoder's parameters were written ({@link FileTime#fromMillis}
         *     {@code (0)} for an encoder without a file)
         * @return whether embedding again can be skipped
         * @throws IOException if a modification time cannot be read
         */
        public boolean isUpToDate(FileTime encoderModified) throws IOException {
            if (!Files.isRegularFile(npy)) {
                return false;
            }
            FileTime written = Files.getLastModifiedTime(npy);
            return written.compareTo(Files.getLastModifiedTime(audio)) > 0 && written.compareTo(encoderModified) > 0;
        }
    }

    /**
     * What a run did.
     *
     * @param embedded files embedded
     * @param upToDate files kept because their {@code .npy} file was up to date
     * @param samples samples of the embedded files
     * @param seconds wall-clock time of the run, decoding and writing included, loading the encoder not
     */
    public record Summary(int embedded, int upToDate, long samples, double seconds) {

        /** @return the duration of the embedded audio in seconds */
        public double audioSeconds() {
            return samples / (double) AudioReader.SAMPLE_RATE;
        }

        /** @return processing time over audio duration: below 1 is faster than real time */
        public double realTimeFactor() {
            return seconds / audioSeconds();
        }
    }

    /** @return the audio file or folder */
    public Path input() {
        return input;
    }

    /** @return the folder the {@code .npy} files go to */
    public Path output() {
        return output;
    }

    /** @return whether up-to-date files are embedded again */
    public boolean force() {
        return force;
    }

    /**
     * Pairs every audio file of the input with its {@code .npy} file: a single file's goes straight into
     * the output folder, a folder's keep their folders below the input.
     *
     * @return the pairs, sorted by audio path
     * @throws IOException if the input does not exist, holds no audio, or two files would share a {@code .npy}
     */
    public List<Job> jobs() throws IOException {
        if (Files.isRegularFile(input)) {
            if (!AudioReader.isAudioFile(input)) {
                throw new IOException("input " + input + " is not a .flac or .wav file");
            }
            return List.of(new Job(input, output.resolve(stem(input) + ".npy")));
        }
        if (!Files.isDirectory(input)) {
            throw new IOException("input " + input + " does not exist, expected a .flac/.wav file or a folder of them");
        }
        List<Path> audio;
        try (Stream<Path> files = Files.walk(input)) {
            audio = files.filter(p -> Files.isRegularFile(p) && AudioReader.isAudioFile(p)).sorted().toList();
        }
        if (audio.isEmpty()) {
            throw new IOException("no .flac or .wav file below " + input);
        }
        List<Job> jobs = new ArrayList<>();
        Map<Path, Path> sources = new HashMap<>();
        for (Path a : audio) {
            Path npy = output.resolve(input.relativize(a.getParent()).toString()).resolve(stem(a) + ".npy");
            Path other = sources.putIfAbsent(npy, a);
            if (other != null) {
                throw new IOException(other + " and " + a + " would both be embedded into " + npy
                        + ", expected one audio file per name");
            }
            jobs.add(new Job(a, npy));
        }
        return jobs;
    }

    /**
     * Loads an encoder, embeds every audio file that has no up-to-date {@code .npy} file, and frees the
     * encoder. The input is listed before the encoder is loaded, so a wrong input fails fast.
     *
     * @param encoder a checkpoint folder, a training output folder or a {@code .npz} file
     *     ({@link PretrainedEncoder#load})
     * @return the counts and timing
     * @throws IOException naming the input, the encoder or the audio file at fault
     */
    public Summary run(Path encoder) throws IOException {
        List<Job> jobs = jobs();
        try (PretrainedEncoder model = PretrainedEncoder.load(encoder)) {
            return run(model, jobs);
        }
    }

    /**
     * Embeds every audio file that has no up-to-date {@code .npy} file with an encoder the caller owns
     * (not closed). A {@link PretrainedEncoder#random random} encoder has no parameters file: its
     * {@code .npy} files count as up to date when newer than their audio.
     *
     * @param encoder the encoder
     * @return the counts and timing
     * @throws IOException naming the input or the audio file at fault
     */
    public Summary run(PretrainedEncoder encoder) throws IOException {
        return run(encoder, jobs());
    }

    private Summary run(PretrainedEncoder model, List<Job> jobs) throws IOException {
        FileTime encoderTime = model.parametersFile().isEmpty() ? FileTime.fromMillis(0)
                : Files.getLastModifiedTime(model.parametersFile().get());
        try (ProgressBar bar = Progress.items("embed", jobs.size())) {
            int embedded = 0;
            long samples = 0;
            long start = System.nanoTime();
            for (Job job : jobs) {
                if (force || !job.isUpToDate(encoderTime)) {
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

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    /** Builds a {@link CorpusEmbedder}: {@code set} methods are required, {@code opt} methods optional. */
    public static final class Builder {

        private Path input;
        private Path output;
        private boolean force;

        private Builder() {}

        /**
         * @param input a {@code .flac}/{@code .wav} file, or a folder searched recursively for them
         * @return this builder
         */
        public Builder setInput(Path input) {
            this.input = input;
            return this;
        }

        /**
         * @param output the folder the {@code .npy} files go to (created as needed)
         * @return this builder
         */
        public Builder setOutput(Path output) {
            this.output = output;
            return this;
        }

        /**
         * @param force embed again even where the {@code .npy} file is up to date (default {@code false})
         * @return this builder
         */
        public Builder optForce(boolean force) {
            this.force = force;
            return this;
        }

        /**
         * @return the embedder
         * @throws IllegalArgumentException if the input or the output is missing
         */
        public CorpusEmbedder build() {
            if (input == null || output == null) {
                throw new IllegalArgumentException("corpus embedder input " + input + ", output " + output
                        + ": expected both set (setInput, setOutput)");
            }
            return new CorpusEmbedder(this);
        }
    }
}
