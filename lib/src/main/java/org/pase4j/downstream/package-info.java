/**
 * Using a trained encoder: {@link org.pase4j.downstream.PretrainedEncoder} loads one and embeds audio,
 * and the speaker-classification evaluation compares its features with MFCCs and with the same encoder
 * at random initialisation, on the same splits and classifiers.
 */
package org.pase4j.downstream;
