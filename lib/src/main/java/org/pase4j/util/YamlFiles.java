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
     * Checks that a loaded document is a mapping whose keys, at every depth, are strings (YAML also allows
     * numbers, lists or mappings as keys, which no pase4j key is).
     *
     * @param document what the loader returned
     * @return the document as a mapping
     * @throws IllegalArgumentException naming the first key that is not a string, with its path, or saying
     *     that the document is not a mapping
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> mapping(Object document) {
        if (!(document instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a YAML mapping of keys to values, found "
                    + (document == null ? "an empty document" : "a " + document.getClass().getSimpleName()));
        }
        requireStringKeys(document, "");
        return (Map<String, Object>) document;
    }

    private static void requireStringKeys(Object node, String path) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("key '" + e.getKey() + "'" + (path.isEmpty() ? "" : " in " + path)
                            + " is a " + (e.getKey() == null ? "null" : e.getKey().getClass().getSimpleName())
                            + ", expected a name (a string)");
                }
                requireStringKeys(e.getValue(), path.isEmpty() ? key : path + "." + key);
            }
        } else if (node instanceof Iterable<?> list) {
            int i = 0;
            for (Object item : list) {
                requireStringKeys(item, path + "[" + i++ + "]");
            }
        }
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
