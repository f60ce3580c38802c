package org.pase4j.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pase4j.util.YamlFiles;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a train.yaml: a YAML mapping, then command-line overrides {@code key=value} (the value parsed
 * as YAML, {@code a.b=value} for nested keys), then {@code ${key}} references between keys resolved
 * (the recipe's {@code <key>}): a value that is exactly {@code ${key}} takes that key's value with its
 * type, a reference inside a longer string is replaced by the value's text.
 */
public final class ConfigFile {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");

    private ConfigFile() {}

    /**
     * Loads a configuration.
     *
     * @param file the YAML file
     * @param overrides {@code key=value} strings applied after reading
     * @return the resolved mapping
     * @throws IOException if the file is missing or is not a YAML mapping
     * @throws IllegalArgumentException for a malformed override or an unknown reference
     */
    public static Map<String, Object> load(Path file, List<String> overrides) throws IOException {
        Object root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = yaml().load(reader);
        } catch (NoSuchFileException e) {
            throw new IOException("configuration " + file + " does not exist");
        } catch (MarkedYAMLException e) {
            throw new IOException(file + ": line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new IOException(file + ": " + e.getMessage() + " (pase4j reads plain configurations of at most "
                    + "3 MB, 50 levels deep, without alias expansion)", e);
        }
        Map<String, Object> config;
        try {
            config = new LinkedHashMap<>(YamlFiles.mapping(root));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("override '" + override + "', expected key=value");
            }
            Object value;
            try {
                value = yaml().load(override.substring(eq + 1));
                YamlFiles.mapping(Map.of("value", value == null ? "" : value));
            } catch (YAMLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("override '" + override + "': " + e.getMessage(), e);
            }
            set(config, override.substring(0, eq), value);
        }
        return resolve(config, config, new ArrayList<>());
    }

    private static Yaml yaml() {
        return YamlFiles.safeLoader();
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> config, String path, Object value) {
        String[] keys = path.split("\\.");
        Map<String, Object> node = config;
        for (int i = 0; i < keys.length - 1; i++) {
            Object child = node.get(keys[i]);
            if (!(child instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("override " + path + ": '" + keys[i] + "' is not a mapping");
            }
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) child);
            node.put(keys[i], copy);
            node = copy;
        }
        node.put(keys[keys.length - 1], value);
    }

    @SuppressWarnings("unchecked")
    private static <T> T resolve(T value, Map<String, Object> root, List<String> chain) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, resolve(v, root, chain)));
            return (T) out;
        }
        if (value instanceof List<?> list) {
            return (T) list.stream().map(v -> resolve(v, root, chain)).toList();
        }
        if (!(value instanceof String s)) {
            return value;
        }
        Matcher whole = REFERENCE.matcher(s);
        if (whole.matches()) {
            return (T) lookup(whole.group(1), root, chain);
        }
        Matcher m = REFERENCE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(lookup(m.group(1), root, chain))));
        }
        m.appendTail(out);
        return (T) out.toString();
    }

    private static Object lookup(String path, Map<String, Object> root, List<String> chain) {
        if (chain.contains(path)) {
            throw new IllegalArgumentException("reference cycle: ${" + String.join("} -> ${", chain) + "} -> ${" + path + "}");
        }
        Object node = root;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new IllegalArgumentException("reference ${" + path + "}: no such key");
            }
            node = map.get(key);
        }
        chain.add(path);
        Object resolved = resolve(node, root, chain);
        chain.remove(chain.size() - 1);
        return resolved;
    }
}
