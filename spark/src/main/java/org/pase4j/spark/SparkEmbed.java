package org.pase4j.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.pase4j.downstream.CorpusEmbedder;
import org.pase4j.downstream.PretrainedEncoder;

/**
 * Embeds a whole corpus on Apache Spark into one Parquet table, one {@link EmbeddingTable} row per audio file,
 * as {@code pase4j embed} ({@link CorpusEmbedder}) does into {@code .npy} files on one machine:
 * <pre>{@code
 * SparkEmbed.Summary s = SparkEmbed.builder()
 *         .setEncoder("hdfs://nn/models/pase.npz")     // any PretrainedEncoder.load path, on any Hadoop file system
 *         .setInput("s3a://bucket/LibriSpeech")       // or .setPaths("s3a://bucket/list.csv"): a table of paths
 *         .setOutput("s3a://bucket/embeddings.parquet")
 *         .build()
 *         .run(spark);
 * }</pre>
 * From the command line, {@code spark-submit --class org.pase4j.spark.SparkEmbed} ({@link #main}).
 *
 * <p><b>Input.</b> A folder, searched recursively for {@code .flac} and {@code .wav} files (any case), or a
 * single such file; or a table with a {@code path} column ({@link PathsFormat}: text, CSV or Parquet) of
 * absolute paths or URIs. Every path is qualified ({@code /data/a.flac} becomes {@code file:/data/a.flac}, or
 * {@code hdfs://nn/data/a.flac} where HDFS is the default file system). Audio must be 16 kHz mono 16-bit.
 *
 * <p><b>Encoder.</b> A checkpoint folder, a training output folder or a {@code .npz} file. The job ships it
 * to the executors itself ({@code SparkContext.addFile}, no {@code --files} needed) and each executor JVM
 * loads it once, at its first task, and shares it between its tasks and later jobs. A folder on a local
 * disk ships in local mode only: on a cluster export it to a {@code .npz} file ({@code pase4j export}) or put
 * it on a shared file system. Its file name must be unique within a Spark application.
 *
 * <p><b>Reruns.</b> A path that already has a row in the output, embedded or failed, is not embedded again;
 * the others are embedded and appended as new Parquet files, so a rerun over an unchanged input does no work
 * and a grown corpus adds only its new files. The key is the qualified path alone: a changed file or a new
 * encoder is not noticed (write a new output for a new encoder), and a failed file is retried only after its
 * row is removed. A run commits all its rows at once: an interrupted run leaves none (Spark's output
 * committer), and its rerun embeds its files again. Two runs must not write one output at the same time.
 *
 * <p><b>Errors.</b> A missing, unreadable, corrupt or too short file, or one in another format, gets a row
 * whose {@code error} names the file and the problem; the job goes on. A missing input or encoder, or an
 * output holding another table, fails the run before any embedding.
 *
 * <p><b>Parallelism.</b> The files to embed are spread round-robin over {@link Builder#optPartitions
 * partitions} (default four per core, which evens out long and short files) and each task embeds its files
 * one at a time with libtorch on one thread (unless the executors were started with
 * {@code -Dai.djl.pytorch.num_threads=N}), so that the cores go to Spark's tasks. Instances are immutable.
 */
public final class SparkEmbed {

    private static final int PARTITIONS_PER_CORE = 4;

    private final String encoder;
    private final String input;
    private final String paths;
    private final PathsFormat pathsFormat;
    private final String output;
    private final Integer partitions;

    private SparkEmbed(Builder builder) {
        this.encoder = builder.encoder;
        this.input = builder.input;
        this.paths = builder.paths;
        this.pathsFormat = paths == null || builder.pathsFormat != null ? builder.pathsFormat : PathsFormat.of(paths);
        this.output = builder.output;
        this.partitions = builder.partitions;
    }

    /** @return a builder; encoder, output and one of input and paths are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the job from the command line: {@code spark-submit --class org.pase4j.spark.SparkEmbed
     * pase4j-spark.jar --encoder PATH (--input DIR | --paths TABLE) --out DIR}; {@code --help} lists the options.
     * It returns normally on success (an exit from the main class of a YARN cluster-mode driver counts as a
     * failure) and exits with 1 on a failed job, 2 on bad usage.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        int code = SparkEmbedCommand.run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * What a run did. The counts come from Spark accumulators: a task attempt that failed and was retried
     * counts its files again.
     *
     * @param listed audio files in the input
     * @param skipped files already in the output, not embedded again
     * @param embedded files embedded and appended
     * @param failed files appended with an error instead
     * @param seconds wall-clock time of the run, listing and writing included
     */
    public record Summary(long listed, long skipped, long embedded, long failed, double seconds) {

        /** @return files embedded or failed per second of the run */
        public double filesPerSecond() {
            return (embedded + failed) / seconds;
        }
    }

    /**
     * Embeds the input's files that the output lacks and appends their rows.
     *
     * @param spark the session (its master decides where the work runs)
     * @return the counts and timing
     * @throws IOException naming the input, encoder or output at fault
     * @throws IllegalArgumentException if a table has no path column or the output holds another table
     */
    public Summary run(SparkSession spark) throws IOException {
        long start = System.nanoTime();
        SparkContext sc = spark.sparkContext();
        Broadcast<SerializableConfiguration> hadoop = JavaSparkContext.fromSparkContext(sc)
                .broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
        try {
            Optional<Dataset<Row>> written = written(spark);
            Dataset<Row> listed = (input != null ? InputPaths.folder(spark, input)
                    : InputPaths.table(spark, paths, pathsFormat, hadoop)).toDF(EmbeddingTable.PATH);
            Dataset<Row> todo = written.isEmpty() ? listed
                    : listed.join(written.get().select(EmbeddingTable.PATH), EmbeddingTable.PATH, "left_anti");
            long files = listed.count();
            long missing = written.isEmpty() ? files : todo.count();
            LongAccumulator embedded = sc.longAccumulator("pase4j files embedded");
            LongAccumulator failed = sc.longAccumulator("pase4j files failed");
            if (missing > 0) {
                String shipped = ship(sc);
                int n = partitions != null ? partitions
                        : (int) Math.min(missing, (long) PARTITIONS_PER_CORE * sc.defaultParallelism());
                todo.as(Encoders.STRING())
                        .repartition(n)
                        .mapPartitions(new EmbedPartition(shipped, encoder, hadoop, embedded, failed),
                                Encoders.row(EmbeddingTable.SCHEMA))
                        .write()
                        .mode(SaveMode.Append)
                        .parquet(output);
            }
            return new Summary(files, files - missing, embedded.value(), failed.value(),
                    (System.nanoTime() - start) / 1e9);
        } finally {
            hadoop.destroy();
        }
    }

    /** The rows already in the output, if it holds any; an output holding another table is refused. */
    private Optional<Dataset<Row>> written(SparkSession spark) throws IOException {
        Path out = new Path(output);
        FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
        FileStatus[] parts = fs.globStatus(new Path(out, "*.parquet"));
        if (parts == null || parts.length == 0) {
            return Optional.empty();
        }
        Dataset<Row> table = spark.read().parquet(output);
        if (!table.schema().simpleString().equals(EmbeddingTable.SCHEMA.simpleString())) {
            throw new IllegalArgumentException("output " + output + " holds a table " + table.schema().simpleString()
                    + ", expected " + EmbeddingTable.SCHEMA.simpleString() + " (an earlier run's output) or no"
                    + " Parquet files");
        }
        return Optional.of(table);
    }

    /** Ships the encoder to the executors; returns the name {@link EncoderCache#get} finds it under. */
    private String ship(SparkContext sc) throws IOException {
        Path path = new Path(encoder);
        FileSystem fs = path.getFileSystem(sc.hadoopConfiguration());
        FileStatus status;
        try {
            status = fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new IOException("encoder " + encoder + " does not exist, expected a checkpoint folder, a training"
                    + " output folder or a .npz file", e);
        }
        Path qualified = fs.makeQualified(path);
        if (status.isDirectory() && !sc.isLocal() && "file".equals(qualified.toUri().getScheme())) {
            throw new IllegalArgumentException("encoder " + encoder + " is a folder on a local disk, which Spark"
                    + " ships to executors in local mode only: export it to a .npz file (pase4j export --checkpoint "
                    + encoder + " --out encoder.npz) or put it on a shared file system (hdfs:, s3a:)");
        }
        sc.addFile(qualified.toString(), status.isDirectory());
        return qualified.getName();
    }

    /** Builds a {@link SparkEmbed}: {@code set} methods are required, {@code opt} methods optional. */
    public static final class Builder {

        private String encoder;
        private String input;
        private String paths;
        private PathsFormat pathsFormat;
        private String output;
        private Integer partitions;

        private Builder() {}

        /**
         * @param encoder a checkpoint folder, a training output folder or a {@code .npz} file
         *     ({@link PretrainedEncoder#load}), as a path or a Hadoop URI
         * @return this builder
         */
        public Builder setEncoder(String encoder) {
            this.encoder = encoder;
            return this;
        }

        /**
         * @param input a {@code .flac}/{@code .wav} file or a folder searched recursively for them, as a path or a
         *     Hadoop URI; instead of {@link #setPaths}
         * @return this builder
         */
        public Builder setInput(String input) {
            this.input = input;
            return this;
        }

        /**
         * @param table a table with a {@code path} column of audio paths or URIs; instead of {@link #setInput}
         * @return this builder
         */
        public Builder setPaths(String table) {
            this.paths = table;
            return this;
        }

        /**
         * @param format how the {@link #setPaths paths} table is stored (default: {@link PathsFormat#of} its name)
         * @return this builder
         */
        public Builder optPathsFormat(PathsFormat format) {
            this.pathsFormat = format;
            return this;
        }

        /**
         * @param output the Parquet table's folder, as a path or a Hadoop URI (created, or appended to)
         * @return this builder
         */
        public Builder setOutput(String output) {
            this.output = output;
            return this;
        }

        /**
         * @param partitions how many tasks share the files to embed (default: four per core of the application,
         *     at most one per file)
         * @return this builder
         */
        public Builder optPartitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /**
         * @return the job
         * @throws IllegalArgumentException if the encoder or the output is missing, input and paths are both set
         *     or both missing, or the partitions are fewer than one
         */
        public SparkEmbed build() {
            if (encoder == null || output == null || (input == null) == (paths == null)) {
                throw new IllegalArgumentException("spark embed encoder " + encoder + ", input " + input + ", paths "
                        + paths + ", output " + output + ": expected an encoder, an output and one of input and"
                        + " paths (setEncoder, setOutput, setInput or setPaths)");
            }
            if (partitions != null && partitions < 1) {
                throw new IllegalArgumentException("partitions " + partitions + ", expected >= 1");
            }
            return new SparkEmbed(this);
        }
    }
}
