/**
 * Speech data: downloading and extracting Mini LibriSpeech, scanning LibriSpeech-layout corpora,
 * seeded train/valid/test manifests, and the anchor/positive/negative chunk sampler that feeds
 * training from a background thread.
 */
package org.pase4j.data;
