package org.pase4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configurations built to hurt: each is refused with the file named, in bounded time and memory. */
class HostileYamlTest {

    @TempDir
    Path tmp;

    @Test
    void anAliasBombIsRefusedBeforeItExpands() throws IOException {
        StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        String previous = "a";
        for (String name : List.of("b", "c", "d", "e", "f", "g", "h", "i")) {
            yaml.append(name).append(": &").append(name).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*" + previous))).append("]\n");
            previous = name;
        }
        assertRefused("bomb.yaml", yaml.toString(), "Number of aliases for non-scalar nodes exceeds the specified max=50");
    }

    @Test
    void deepNestingAndHugeDocumentsHitTheirLimits() throws IOException {
        assertRefused("deep.yaml", "x: " + "[".repeat(2_000) + "]".repeat(2_000) + "\n", "Nesting Depth exceeded max 50");
        assertRefused("huge.yaml", "x: \"" + "a".repeat(4 << 20) + "\"\n", "exceeds the limit: 3145728 code points");
    }

    @Test
    void keysThatAreNotNamesAreNamed() throws IOException {
        assertRefused("int.yaml", "seed: 1\n1: 2\n", "key '1' is a Integer, expected a name (a string)");
        assertRefused("list.yaml", "seed: 1\n? [a, b]\n: 3\n", "key '[a, b]' is a ArrayList, expected a name (a string)");
        assertRefused("nested.yaml", "env_corrupt:\n  snr_low: 3\n  5: 1\n",
                "key '5' in env_corrupt is a Integer, expected a name (a string)");
        assertRefused("list.yaml", "- seed\n- 1\n", "expected a YAML mapping of keys to values, found a ArrayList");
        assertRefused("empty.yaml", "", "expected a YAML mapping of keys to values, found an empty document");
        Path good = Files.writeString(tmp.resolve("good.yaml"), "seed: 1\n");
        String message = assertThrows(IllegalArgumentException.class,
                () -> ConfigFile.load(good, List.of("x={1: 2}"))).getMessage();
        assertTrue(message.startsWith("override 'x={1: 2}': key '1' in value is a Integer"), message);
    }

    private void assertRefused(String name, String text, String expected) throws IOException {
        Path file = Files.writeString(tmp.resolve(name), text);
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(IOException.class, () -> ConfigFile.load(file, List.of())));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(expected), e.getMessage());
    }
}
