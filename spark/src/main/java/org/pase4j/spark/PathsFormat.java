package org.pase4j.spark;

import java.util.Locale;

/** How a table of audio paths is stored; each has a {@value EmbeddingTable#PATH} column. */
public enum PathsFormat {
    /** One path per line; the line is the path. */
    TEXT,
    /** CSV with a header line naming a {@code path} column among any others. */
    CSV,
    /** Parquet with a {@code path} column, e.g. a previous job's output or a Spark table. */
    PARQUET;

    /**
     * The format a table's name suggests: {@code .csv} is CSV, {@code .parquet} Parquet, anything else text.
     *
     * @param table the table's path
     * @return its format
     */
    public static PathsFormat of(String table) {
        String name = table.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        return name.endsWith(".csv") ? CSV : name.endsWith(".parquet") ? PARQUET : TEXT;
    }
}
