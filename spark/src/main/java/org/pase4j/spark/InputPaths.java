package org.pase4j.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.SerializableConfiguration;
import org.pase4j.audio.AudioReader;

/**
 * The audio files a job embeds, as fully qualified URIs ({@code file:/data/a.flac}, {@code hdfs://nn/a.flac}),
 * the form {@link EmbeddingTable#PATH} holds, so that a rerun recognises them whatever form they were given in.
 */
final class InputPaths {

    private InputPaths() {}

    /**
     * Lists a folder's {@code .flac} and {@code .wav} files, recursively, on the driver.
     *
     * @param spark the session
     * @param input an audio file or a folder, on any Hadoop file system
     * @return the files, sorted
     * @throws IOException if the input does not exist, is not an audio file or holds none
     */
    static Dataset<String> folder(SparkSession spark, String input) throws IOException {
        Path root = new Path(input);
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        List<String> files = new ArrayList<>();
        try {
            RemoteIterator<LocatedFileStatus> listing = fs.listFiles(root, true);
            while (listing.hasNext()) {
                Path file = listing.next().getPath();
                if (AudioReader.isAudioFile(java.nio.file.Path.of(file.getName()))) {
                    files.add(fs.makeQualified(file).toString());
                }
            }
        } catch (FileNotFoundException e) {
            throw new IOException("input " + input + " does not exist, expected a .flac/.wav file or a folder of them",
                    e);
        }
        if (files.isEmpty()) {
            throw new IOException(fs.getFileStatus(root).isDirectory() ? "no .flac or .wav file below " + input
                    : "input " + input + " is not a .flac or .wav file");
        }
        files.sort(null);
        return spark.createDataset(files, Encoders.STRING());
    }

    /**
     * Reads the paths of a table, distinct, blank ones dropped.
     *
     * @param spark the session
     * @param table the table, on any Hadoop file system
     * @param format how it is stored
     * @param hadoop the job's Hadoop configuration, to qualify the paths on the executors
     * @return the paths, qualified where absolute; a relative or malformed one is kept as it is and fails
     *     when embedded
     * @throws IllegalArgumentException if the table has no {@value EmbeddingTable#PATH} column
     */
    static Dataset<String> table(SparkSession spark, String table, PathsFormat format,
            Broadcast<SerializableConfiguration> hadoop) {
        Dataset<Row> rows = switch (format) {
            case TEXT -> spark.read().text(table).withColumnRenamed("value", EmbeddingTable.PATH);
            case CSV -> spark.read().option("header", true).csv(table);
            case PARQUET -> spark.read().parquet(table);
        };
        if (!Arrays.asList(rows.columns()).contains(EmbeddingTable.PATH)) {
            throw new IllegalArgumentException("table " + table + " (" + format.name().toLowerCase(Locale.ROOT)
                    + ") has the columns " + Arrays.toString(rows.columns()) + ", expected a '" + EmbeddingTable.PATH
                    + "' column of audio paths");
        }
        return rows.select(functions.trim(functions.col(EmbeddingTable.PATH).cast("string")))
                .as(Encoders.STRING())
                .filter((FilterFunction<String>) p -> p != null && !p.isEmpty())
                .map(new Qualify(hadoop), Encoders.STRING())
                .distinct();
    }

    /** Qualifies an absolute path with its file system's scheme and authority; leaves other strings as they are. */
    private static final class Qualify implements MapFunction<String, String> {

        private static final long serialVersionUID = 1L;

        private final Broadcast<SerializableConfiguration> hadoop;

        Qualify(Broadcast<SerializableConfiguration> hadoop) {
            this.hadoop = hadoop;
        }

        @Override
        public String call(String path) {
            try {
                Path file = new Path(path);
                return file.isAbsolute() ? file.getFileSystem(hadoop.value().value()).makeQualified(file).toString()
                        : path;
            } catch (IllegalArgumentException | IOException e) {
                return path;  // malformed, or no file system for its scheme: its row will say so
            }
        }
    }
}
