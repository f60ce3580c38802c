package org.pase4j.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.pase4j.audio.CorruptionOptions;
import org.pase4j.model.ModelSpec;

/**
 * A train.yaml read once into typed parts: the training settings, the model and the input corruption,
 * with the resolved mapping they came from (written beside the results as the run's record).
 *
 * @param yaml the resolved configuration
 * @param training the training settings ({@link TrainConfig})
 * @param model what the model is made of ({@link ModelSpec})
 * @param corruption the {@code env_corrupt} settings ({@link CorruptionOptions#none()} when the section is
 *     absent or null)
 */
public record PaseConfig(Map<String, Object> yaml, TrainConfig training, ModelSpec model,
        CorruptionOptions corruption) {

    /**
     * Reads and checks a resolved configuration.
     *
     * @param yaml the mapping, e.g. from {@link ConfigFile#load}
     * @return the typed configuration
     * @throws IllegalArgumentException naming an unknown key, a missing one or a bad value (a worker section
     *     that {@code workers_config} does not list is only warned about)
     */
    public static PaseConfig from(Map<String, Object> yaml) {
        return new PaseConfig(yaml, TrainConfig.from(yaml), ModelSpec.from(yaml), corruption(yaml));
    }

    /**
     * Loads a train.yaml with command-line overrides ({@link ConfigFile#load}) and checks it.
     *
     * @param file the YAML file
     * @param overrides {@code key=value} strings
     * @return the typed configuration
     * @throws IOException if the file is missing or not a YAML mapping
     * @throws IllegalArgumentException naming a bad key or value
     */
    public static PaseConfig load(Path file, List<String> overrides) throws IOException {
        return from(ConfigFile.load(file, overrides));
    }

    @SuppressWarnings("unchecked")
    private static CorruptionOptions corruption(Map<String, Object> yaml) {
        Object section = yaml.get("env_corrupt");
        if (section == null) {
            return CorruptionOptions.none();
        }
        if (!(section instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("env_corrupt: '" + section + "', expected a mapping (or nothing)");
        }
        return CorruptionOptions.fromMap((Map<String, Object>) section);
    }
}
