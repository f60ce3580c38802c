/**
 * train.yaml, read once: {@link org.pase4j.config.ConfigFile} loads the YAML with command-line overrides and
 * {@code ${key}} references, and {@link org.pase4j.config.PaseConfig} checks it into typed parts: the
 * training settings ({@link org.pase4j.config.TrainConfig}), the model ({@link org.pase4j.model.ModelSpec})
 * and the input corruption ({@link org.pase4j.audio.CorruptionOptions}). Unknown keys fail with the key
 * named; a worker section that {@code workers_config} does not list is warned about.
 */
package org.pase4j.config;
