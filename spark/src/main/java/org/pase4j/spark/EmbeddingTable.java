package org.pase4j.spark;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pase4j.downstream.FeatureSet;

/**
 * The Parquet table {@link SparkEmbed} writes: one row per audio file.
 * <table>
 * <caption>Columns</caption>
 * <tr><th>column</th><th>type</th><th>value</th></tr>
 * <tr><td>{@value #PATH}</td><td>string</td><td>the file's fully qualified URI, e.g.
 *     {@code file:/data/a.flac} or {@code s3a://bucket/a.flac}: the key a rerun skips by</td></tr>
 * <tr><td>{@value #FRAMES}</td><td>int</td><td>frames, {@code ⌈samples / hop⌉}</td></tr>
 * <tr><td>{@value #DIMENSION}</td><td>int</td><td>values per frame, the encoder's {@code emb_dim}</td></tr>
 * <tr><td>{@value #EMBEDDING}</td><td>array&lt;array&lt;float&gt;&gt;</td><td>the frames, {@code [frame][dimension]}:
 *     the rows of the {@code (frames, emb_dim)} array {@code pase4j embed --batch 1} writes as {@code .npy}</td></tr>
 * <tr><td>{@value #POOLED}</td><td>array&lt;float&gt;</td><td>{@code 2 · dimension} values: each dimension's mean
 *     over frames, then its population standard deviation ({@link FeatureSet#pooled}, the probe's utterance
 *     vector)</td></tr>
 * <tr><td>{@value #ERROR}</td><td>string</td><td>null when fine; else the file and what went wrong, and every
 *     other column but the path is null</td></tr>
 * </table>
 */
public final class EmbeddingTable {

    /** The audio file's URI. */
    public static final String PATH = "path";
    /** The number of frames. */
    public static final String FRAMES = "frames";
    /** The values per frame. */
    public static final String DIMENSION = "dimension";
    /** The frames, {@code [frame][dimension]}. */
    public static final String EMBEDDING = "embedding";
    /** Means then standard deviations over frames. */
    public static final String POOLED = "pooled";
    /** What went wrong, or null. */
    public static final String ERROR = "error";

    /** The table's schema, columns in the order above. */
    public static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField(PATH, DataTypes.StringType, false),
            DataTypes.createStructField(FRAMES, DataTypes.IntegerType, true),
            DataTypes.createStructField(DIMENSION, DataTypes.IntegerType, true),
            DataTypes.createStructField(EMBEDDING,
                    DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false), true),
            DataTypes.createStructField(POOLED, DataTypes.createArrayType(DataTypes.FloatType, false), true),
            DataTypes.createStructField(ERROR, DataTypes.StringType, true)));

    private EmbeddingTable() {}

    /**
     * @param path the file's URI
     * @param frames its embeddings, {@code [frame][dimension]}, at least one frame
     * @return its row
     */
    static Row embedded(String path, float[][] frames) {
        return RowFactory.create(path, frames.length, frames[0].length, frames, pooled(frames), null);
    }

    /**
     * @param path the file's URI
     * @param error the file and what went wrong
     * @return its row
     */
    static Row failed(String path, String error) {
        return RowFactory.create(path, null, null, null, null, error);
    }

    /** {@link FeatureSet#pooled} of one utterance, in single precision. */
    private static float[] pooled(float[][] frames) {
        int n = frames.length;
        int dims = frames[0].length;
        float[] channelsFirst = new float[dims * n];
        for (int t = 0; t < n; t++) {
            for (int d = 0; d < dims; d++) {
                channelsFirst[d * n + t] = frames[t][d];
            }
        }
        double[] pooled = new FeatureSet("pase", dims, n, List.of(channelsFirst), new int[1]).pooled(0);
        float[] out = new float[pooled.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) pooled[i];
        }
        return out;
    }
}
