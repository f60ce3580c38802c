package org.pase4j.spark;

import ai.djl.pytorch.jni.JniUtils;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.pase4j.audio.AudioFileException;
import org.pase4j.audio.AudioReader;
import org.pase4j.downstream.PretrainedEncoder;

/**
 * Embeds a partition of audio URIs on an executor, one {@link EmbeddingTable} row per file, lazily (a row
 * is made when Spark asks for it, so a partition's embeddings are never all in memory). Each file is read
 * through its Hadoop file system and decoded by {@link AudioReader}; a file that is missing, unreadable,
 * corrupt, in another format or too short for the encoder becomes a row with its error, the job goes on.
 * An encoder that cannot be loaded fails the task instead: no file could be embedded.
 */
final class EmbedPartition implements MapPartitionsFunction<String, Row> {

    private static final long serialVersionUID = 1L;

    private final String encoder;
    private final String source;
    private final Broadcast<SerializableConfiguration> hadoop;
    private final LongAccumulator embedded;
    private final LongAccumulator failed;

    /**
     * @param encoder the name the job shipped the encoder under ({@link EncoderCache#get})
     * @param source where the job shipped it from
     * @param hadoop the job's Hadoop configuration, to open the files
     * @param embedded counts the files embedded
     * @param failed counts the files that got an error instead
     */
    EmbedPartition(String encoder, String source, Broadcast<SerializableConfiguration> hadoop,
            LongAccumulator embedded, LongAccumulator failed) {
        this.encoder = encoder;
        this.source = source;
        this.hadoop = hadoop;
        this.embedded = embedded;
        this.failed = failed;
    }

    @Override
    public Iterator<Row> call(Iterator<String> paths) throws IOException {
        PretrainedEncoder model = EncoderCache.get(encoder, source);
        // libtorch's gradient recording is a per-thread switch, on in every thread but the one that started the
        // engine: off, a task's forward passes record no autograd graph (about 5% faster, the same values)
        JniUtils.setGradMode(false);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return paths.hasNext();
            }

            @Override
            public Row next() {
                return embed(paths.next(), model);
            }
        };
    }

    private Row embed(String path, PretrainedEncoder model) {
        String problem;
        try {
            float[] samples = read(path);
            try {
                Row row = EmbeddingTable.embedded(path, model.embed(samples));
                embedded.add(1);
                return row;
            } catch (IllegalArgumentException e) {
                problem = "too short to embed (" + samples.length + " samples): " + e.getMessage();
            } catch (RuntimeException e) {
                problem = "cannot be embedded (" + e + ")";
            }
        } catch (AudioFileException e) {
            String prefix = e.file() + ": ";
            problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        } catch (IOException e) {
            problem = e.getMessage();
        }
        failed.add(1);
        return EmbeddingTable.failed(path, path + ": " + problem);
    }

    /** Opens a file through its Hadoop file system and decodes it; every error's message is the problem alone. */
    private float[] read(String path) throws IOException {
        Path file;
        try {
            file = new Path(path);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a valid path or URI (" + e.getMessage() + ")", e);
        }
        if (!file.isAbsolute()) {
            throw new IOException("a relative path, expected an absolute path or a URI (/data/a.flac,"
                    + " s3a://bucket/a.flac)");
        }
        InputStream in;
        try {
            in = file.getFileSystem(hadoop.value().value()).open(file);
        } catch (FileNotFoundException e) {
            throw new IOException("no such file", e);
        } catch (IOException e) {
            throw new IOException("cannot be opened (" + e.getMessage() + ")", e);
        }
        return AudioReader.read(in, path);
    }
}
