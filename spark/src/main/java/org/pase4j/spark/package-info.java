/**
 * Embedding a whole corpus on Apache Spark: {@link org.pase4j.spark.SparkEmbed} lists the audio files of a
 * folder or a table of paths on any Hadoop file system, skips those its Parquet output already holds, and
 * embeds the rest in parallel with one encoder per executor JVM, one {@link org.pase4j.spark.EmbeddingTable}
 * row per file. Spark is a {@code provided} dependency: the cluster's Spark runs the job
 * ({@code spark-submit --class org.pase4j.spark.SparkEmbed}, see {@code spark/README.md}).
 */
package org.pase4j.spark;
