/**
 * Using a trained encoder: {@link org.pase4j.downstream.PretrainedEncoder} loads one and embeds audio,
 * {@link org.pase4j.downstream.CorpusEmbedder} embeds a folder of audio into {@code .npy} files
 * ({@code pase4j embed}), {@link org.pase4j.downstream.PaseTranslator} serves the encoder through DJL's
 * {@code Criteria}/{@code ZooModel}/{@code Predictor}, and the speaker-classification evaluation
 * compares its features with MFCCs and with the same encoder at random initialisation, on the same
 * splits and classifiers ({@link org.pase4j.downstream.EvaluationReport} tables and charts it;
 * {@link org.pase4j.downstream.Pca} projects utterance vectors to two dimensions to look at them).
 */
package org.pase4j.downstream;
