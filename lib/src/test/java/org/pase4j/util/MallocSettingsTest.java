package org.pase4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MallocSettingsTest {

    private static final String ALL = "MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=17179869184 "
            + "MALLOC_TOP_PAD_=67108864";

    @Test
    void anEnvironmentLacksWhatItDoesNotSetAndNothingWhenItOptsOut() {
        assertEquals(ALL, MallocSettings.environmentLine());
        assertEquals(4, MallocSettings.missing(Map.of()).size());
        assertEquals(Map.of(), MallocSettings.missing(Map.of("MALLOC_ARENA_MAX", "1", "MALLOC_MMAP_MAX_", "0",
                "MALLOC_TRIM_THRESHOLD_", "1", "MALLOC_TOP_PAD_", "0")));
        assertEquals(Map.of(), MallocSettings.missing(Map.of("PASE4J_MALLOC", "system")));
        Map<String, String> missing = MallocSettings.missing(Map.of("MALLOC_ARENA_MAX", "2"));
        assertEquals(List.of("MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_"),
                List.copyOf(missing.keySet()));
    }

    @Test
    void describesWhatIsSet() {
        assertEquals("glibc defaults", MallocSettings.describe(Map.of()));
        assertEquals("glibc defaults", MallocSettings.describe(Map.of("PASE4J_MALLOC", "system")));
        assertEquals("MALLOC_ARENA_MAX=2", MallocSettings.describe(Map.of("MALLOC_ARENA_MAX", "2")));
    }

    @Test
    void readsAProcessCommandLine() {
        byte[] cmdline = "java\0-jar\0pase4j.jar\0train\0a b.yaml\0".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("java", "-jar", "pase4j.jar", "train", "a b.yaml"), MallocSettings.commandLine(cmdline));
        assertEquals(List.of("java", "x"), MallocSettings.commandLine("java\0x".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theCommandLineRestartsItselfWithTheSettingsUnlessToldNot() throws Exception {
        assertEquals("malloc: " + ALL, versionMallocLine(Map.of()));
        assertEquals("malloc: glibc defaults", versionMallocLine(Map.of("PASE4J_MALLOC", "system")));
        assertEquals("malloc: MALLOC_ARENA_MAX=2 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=17179869184 "
                + "MALLOC_TOP_PAD_=67108864", versionMallocLine(Map.of("MALLOC_ARENA_MAX", "2")));
    }

    @Test
    void aProgramUsingTheLibraryWithoutThemIsToldOnceHowToStart(@TempDir Path tmp) throws Exception {
        Path program = tmp.resolve("Library.java");
        Files.writeString(program, "public class Library { public static void main(String[] a) {"
                + " try (var m = ai.djl.ndarray.NDManager.newBaseManager()) { m.ones(new ai.djl.ndarray.types.Shape(2));"
                + " } try (var m = ai.djl.ndarray.NDManager.newBaseManager()) { } } }");
        String advice = "start it with " + ALL + " for pase4j's settings";
        String out = run(Map.of(), "-Dai.djl.offline=true", program.toString());
        assertEquals(1, out.split(advice, -1).length - 1, out);
        assertFalse(run(Map.of("PASE4J_MALLOC", "system"), "-Dai.djl.offline=true", program.toString())
                .contains("malloc"));
    }

    /** Runs {@code pase4j --version} in a child JVM whose environment has no MALLOC_ variable but {@code env}. */
    private static String versionMallocLine(Map<String, String> env) throws IOException, InterruptedException {
        String out = run(env, "org.pase4j.cli.Pase4j", "--version");
        return out.lines().filter(l -> l.startsWith("malloc: ")).findFirst().orElseThrow(() -> new AssertionError(out));
    }

    /** Runs java with the tests' class path and {@code args}, without MALLOC_ variables but those of {@code env}. */
    private static String run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("MALLOC_") || k.equals("PASE4J_MALLOC"));
        builder.environment().putAll(env);
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), out);
        return out;
    }

    @Test
    void runsRecordTheirSettings() {
        assertEquals(MallocSettings.describe(System.getenv()), Versions.all().get("malloc"));
    }

    @Test
    void theLauncherAndTheNotebookKernelSetTheSameValues() throws IOException {
        String launcher = Files.readString(Path.of("..", "bin", "pase4j"));
        String kernel = Files.readString(Path.of("..", "notebooks", "install-kernel.sh"));
        for (String setting : ALL.split(" ")) {
            String[] nameValue = setting.split("=");
            assertTrue(launcher.contains(nameValue[0] + "=\"${" + nameValue[0] + ":-" + nameValue[1] + "}\""), setting);
            assertTrue(kernel.contains("\"" + nameValue[0] + "\": \"" + nameValue[1] + "\""), setting);
        }
    }
}
