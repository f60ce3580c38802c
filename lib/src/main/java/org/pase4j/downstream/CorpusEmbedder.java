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
 * without embedding it again. Audio must be 16 kHz ({@link AudioReader}).
 *
 * <p><b>Batches.</b> Files are embedded whole, on the encoder's device, with a progress bar
 * ({@link Progress}), several per forward pass: sorted by length (read from their headers), neighbours
 * form a batch of at most {@link Builder#optBatch} files and {@link Builder#optBatchSamples} padded
 * samples ({@code files × longest}), each file followed by silence: zero-padded at its end to the batch's
 * longest plus the encoder's lookahead, its frames trimmed back to its own
 * ({@link PretrainedEncoder#embedPadded}). A file's frames are then those of the file followed by silence,
 * whatever it is batched with, and equal, within float rounding, those it gets alone, except its last
 * {@link org.pase4j.model.ReceptiveField#tailFrames} frames (7 or 8 for the recipe: 80 ms), which see the
 * silence instead of its reflection; {@code optBatch(1)} embeds every file alone, as
 * {@link PretrainedEncoder#embed(float[])} does. On a CPU, batches of a few seconds of audio are faster
 * than one file at a time and longer ones slower (docs/embeddings.md). Memory grows with a batch's padded
 * size, or with the longest file, which is embedded alone when longer than the bound. Lengths are
 * checked before anything is embedded: a file too short for the encoder stops the run with an error
 * naming it. Instances are immutable.
 */
public final class CorpusEmbedder {

    /** The most files per forward pass unless {@link Builder#optBatch} says otherwise. */
    public static final int DEFAULT_BATCH = 16;

    /** The most padded samples per forward pass unless {@link Builder#optBatchSamples} says otherwise: 8 s. */
    public static final long DEFAULT_BATCH_SAMPLES = 8L * AudioReader.SAMPLE_RATE;

    private final Path input;
    private final Path output;
    private final boolean force;
    private final int batch;
    private final long batchSamples;

    private CorpusEmbedder(Builder builder) {
        this.input = builder.input;
        this.output = builder.output;
        this.force = builder.force;
        this.batch = builder.batch;
        this.batchSamples = builder.batchSamples;
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

    /** @return the most files per encoder forward pass */
    public int batch() {
        return batch;
    }

    /** @return the most padded samples per forward pass, {@code files × longest}, unless one file alone is longer */
    public long batchSamples() {
        return batchSamples;
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
            long start = System.nanoTime();
            List<Pending> pending = new ArrayList<>();
            for (Job job : jobs) {
                if (force || !job.isUpToDate(encoderTime)) {
                    pending.add(pending(job, model.minSamples()));
                } else {
                    bar.step();
                }
            }
            long samples = 0;
            for (List<Pending> group : LengthBuckets.group(pending, Pending::samples, batch, batchSamples)) {
                List<float[]> audio = new ArrayList<>(group.size());
                for (Pending p : group) {
                    audio.add(AudioReader.read(p.job().audio()));
                    samples += p.samples();
                }
                List<float[][]> frames = batch == 1 ? List.<float[][]>of(model.embed(audio.get(0)))
                        : model.embedPadded(audio);
                for (int i = 0; i < group.size(); i++) {
                    Npy.write(group.get(i).job().npy(), frames.get(i));
                }
                bar.stepBy(group.size());
            }
            return new Summary(pending.size(), jobs.size() - pending.size(), samples,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /** A job to embed and the length its audio file's header announces. */
    private record Pending(Job job, long samples) {}

    private static Pending pending(Job job, int minSamples) throws IOException {
        long samples = AudioReader.samples(job.audio());
        if (samples < minSamples) {
            throw new IOException(job.audio() + ": too short to embed (" + samples + " samples, expected at least "
                    + minSamples + " for the encoder's reflect padding)");
        }
        return new Pending(job, samples);
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
        private int batch = DEFAULT_BATCH;
        private long batchSamples = DEFAULT_BATCH_SAMPLES;

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
         * @param files the most files per encoder forward pass (default {@value CorpusEmbedder#DEFAULT_BATCH});
         *     1 embeds every file alone, without padding, so that each gets exactly the frames of
         *     {@link PretrainedEncoder#embed(float[])}
         * @return this builder
         */
        public Builder optBatch(int files) {
            this.batch = files;
            return this;
        }

        /**
         * @param samples the most padded samples per forward pass, {@code files × longest}, the lookahead
         *     aside (default {@value CorpusEmbedder#DEFAULT_BATCH_SAMPLES}: 8 s); a longer file is embedded
         *     alone. The recipe encoder's forward pass needs about 0.8 KB of native memory per padded sample
         *     (12 MB per second of audio); on a CPU, batches that outgrow its cache run slower
         *     (docs/embeddings.md).
         * @return this builder
         */
        public Builder optBatchSamples(long samples) {
            this.batchSamples = samples;
            return this;
        }

        /**
         * @return the embedder
         * @throws IllegalArgumentException if the input or the output is missing, or a batch bound below 1
         */
        public CorpusEmbedder build() {
            if (input == null || output == null) {
                throw new IllegalArgumentException("corpus embedder input " + input + ", output " + output
                        + ": expected both set (setInput, setOutput)");
            }
            if (batch < 1 || batchSamples < 1) {
                throw new IllegalArgumentException("corpus embedder batch " + batch + " files, " + batchSamples
                        + " samples: expected both >= 1");
            }
            return new CorpusEmbedder(this);
        }
    }
}
