package org.pase4j.util;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML as pase4j reads and writes it: plain data only (no object tags), block style on output. */
public final class YamlFiles {

    private YamlFiles() {}

    /** @return a loader that builds only maps, lists, strings, numbers, booleans and nulls */
    public static Yaml safeLoader() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    /**
     * Writes a mapping as block-style YAML.
     *
     * @param file the file
     * @param mapping the mapping
     * @throws IOException if writing fails
     */
    public static void write(Path file, Map<String, ?> mapping) throws IOException {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            new Yaml(options).dump(mapping, w);
        }
    }
}
