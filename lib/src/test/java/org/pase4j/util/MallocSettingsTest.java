package org.pase4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.Prerequisites;

class MallocSettingsTest {

    private static final String ALL = "MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=17179869184 "
            + "MALLOC_TOP_PAD_=67108864";
    private static final Optional<Path> TC = Optional.of(Path.of("/usr/lib/x/libtcmalloc_minimal.so.4"));
    private static final Map<String, String> PRELOAD_TC = Map.of("LD_PRELOAD", "/usr/lib/x/libtcmalloc_minimal.so.4");

    @Test
    void tcmallocIsPreloadedWhereInstalledElseGlibcIsSet() {
        assertEquals(PRELOAD_TC, MallocSettings.missing(Map.of(), TC));
        assertEquals(Map.of("LD_PRELOAD", "/usr/lib/x/libtcmalloc_minimal.so.4:/opt/libmine.so"),
                MallocSettings.missing(Map.of("LD_PRELOAD", "/opt/libmine.so"), TC), "a user's preload is kept");
        assertEquals(Map.of(), MallocSettings.missing(Map.of("LD_PRELOAD", "/opt/libtcmalloc.so"), TC));
        assertEquals(List.copyOf(MallocSettings.GLIBC_SETTINGS.keySet()),
                List.copyOf(MallocSettings.missing(Map.of(), Optional.empty()).keySet()));
        assertEquals(Map.of(), MallocSettings.missing(MallocSettings.GLIBC_SETTINGS, TC), "a user's own glibc choice");
        assertEquals(MallocSettings.GLIBC_SETTINGS, MallocSettings.missing(Map.of("PASE4J_MALLOC", "glibc"), TC));
        assertEquals(Map.of(), MallocSettings.missing(Map.of("PASE4J_MALLOC", "system"), TC));
        assertEquals(List.of("MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_"), List.copyOf(
                MallocSettings.missing(Map.of("MALLOC_ARENA_MAX", "2"), Optional.empty()).keySet()));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> MallocSettings.missing(Map.of("PASE4J_MALLOC", "jemalloc"), TC));
        assertTrue(bad.getMessage().startsWith("PASE4J_MALLOC=jemalloc is not one of tcmalloc, glibc, system"),
                bad.getMessage());
    }

    @Test
    void theJavaHeapIsPreTouchedUnlessTheJvmSaysOtherwise() {
        List<String> argv = List.of("/usr/bin/java", "-jar", "pase4j.jar", "train", "quick.yaml");
        assertEquals(List.of("/usr/bin/java", "-XX:+AlwaysPreTouch", "-jar", "pase4j.jar", "train", "quick.yaml"),
                MallocSettings.withPretouch(argv));
        assertFalse(MallocSettings.setsPretouch(List.of("-Xmx4g")));
        assertTrue(MallocSettings.setsPretouch(List.of("-XX:-AlwaysPreTouch")), "a given setting is kept");
        assertTrue(MallocSettings.setsPretouch(List.of("-XX:+AlwaysPreTouch")));
    }

    @Test
    void describesWhatIsSet() {
        assertEquals("glibc defaults", MallocSettings.describe(Map.of(), Optional.empty()));
        assertEquals("MALLOC_ARENA_MAX=2", MallocSettings.describe(Map.of("MALLOC_ARENA_MAX", "2"), Optional.empty()));
        assertEquals("tcmalloc (/usr/lib/libtcmalloc_minimal.so.4.5.9)", MallocSettings.describe(
                Map.of("MALLOC_ARENA_MAX", "2"), Optional.of("/usr/lib/libtcmalloc_minimal.so.4.5.9")));
    }

    @Test
    void readsAProcessCommandLine() {
        byte[] cmdline = "java\0-jar\0pase4j.jar\0train\0a b.yaml\0".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("java", "-jar", "pase4j.jar", "train", "a b.yaml"), MallocSettings.commandLine(cmdline));
        assertEquals(List.of("java", "x"), MallocSettings.commandLine("java\0x".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theCommandLineRestartsItselfWithTheChosenAllocator() throws Exception {
        requireTcmalloc();
        String tcmalloc = versionMallocLine(Map.of());
        assertTrue(tcmalloc.startsWith("malloc: tcmalloc (/") && tcmalloc.contains("libtcmalloc_minimal.so.4")
                && tcmalloc.endsWith("), Java heap pre-touched"), tcmalloc);
        assertEquals("malloc: " + ALL + ", Java heap pre-touched", versionMallocLine(Map.of("PASE4J_MALLOC", "glibc")));
        assertEquals("malloc: glibc defaults", versionMallocLine(Map.of("PASE4J_MALLOC", "system")));
        assertEquals("malloc: MALLOC_ARENA_MAX=2 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=17179869184 "
                + "MALLOC_TOP_PAD_=67108864, Java heap pre-touched",
                versionMallocLine(Map.of("PASE4J_MALLOC", "glibc", "MALLOC_ARENA_MAX", "2")));
        assertEquals("malloc: " + ALL, versionMallocLine(Map.of("PASE4J_MALLOC", "glibc"), "-XX:-AlwaysPreTouch"),
                "a JVM option given is kept");
        String out = run(Map.of("PASE4J_MALLOC", "jemalloc"), "org.pase4j.cli.Pase4j", "--version");
        assertTrue(out.contains("PASE4J_MALLOC=jemalloc is not one of tcmalloc, glibc, system")
                && out.contains("malloc: glibc defaults"), out);
    }

    @Test
    void aProgramUsingTheLibraryWithoutThemIsToldOnceHowToStart(@TempDir Path tmp) throws Exception {
        requireTcmalloc();
        Path program = tmp.resolve("Library.java");
        Files.writeString(program, "public class Library { public static void main(String[] a) {"
                + " try (var m = ai.djl.ndarray.NDManager.newBaseManager()) { m.ones(new ai.djl.ndarray.types.Shape(2));"
                + " } try (var m = ai.djl.ndarray.NDManager.newBaseManager()) { } } }");
        String advice = "start it with the environment " + MallocSettings.environmentLine()
                + " and the JVM option -XX:+AlwaysPreTouch, or";
        assertTrue(advice.contains("LD_PRELOAD=/"), advice);
        String out = run(Map.of(), "-Dai.djl.offline=true", program.toString());
        assertEquals(1, out.split(java.util.regex.Pattern.quote(advice), -1).length - 1, out);
        assertFalse(run(Map.of("PASE4J_MALLOC", "system"), "-Dai.djl.offline=true", program.toString())
                .contains("memory settings"));
        assertFalse(run(Map.of("LD_PRELOAD", MallocSettings.installedTcmalloc().orElseThrow().toString()),
                "-XX:+AlwaysPreTouch", "-Dai.djl.offline=true", program.toString()).contains("memory settings"),
                "started as advised");
    }

    @Test
    void theShellSettingsAreTheJarsOwn() throws Exception {
        assertEquals(MallocSettings.environmentLine(), shellSettings(Map.of()));
        assertEquals(ALL, shellSettings(Map.of("PASE4J_MALLOC", "glibc")));
        assertEquals("", shellSettings(Map.of("PASE4J_MALLOC", "system")));
        String kernel = Files.readString(Path.of("..", "notebooks", "install-kernel.sh"));
        assertTrue(kernel.contains("$(bin/malloc-env") && kernel.contains("libtcmalloc-minimal4")
                && kernel.contains("\"-XX:+AlwaysPreTouch\""), "the kernelspec takes pase4j's memory settings");
    }

    @Test
    void runsRecordTheirSettings() {
        assertEquals(MallocSettings.describe(), Versions.all().get("malloc"));
    }

    private static void requireTcmalloc() {
        Prerequisites.require(MallocSettings.installedTcmalloc().isPresent(), "gperftools' tcmalloc",
                "apt-get install libtcmalloc-minimal4");
    }

    /** @return {@code bin/malloc-env}'s settings for {@code env}, as one line */
    private static String shellSettings(Map<String, String> env) throws IOException, InterruptedException {
        return String.join(" ", command(env, List.of("bash", "../bin/malloc-env")).lines().toList());
    }

    /** Runs {@code pase4j --version} in a child JVM with a clean allocator environment but {@code env}. */
    private static String versionMallocLine(Map<String, String> env, String... jvmOptions) throws IOException,
            InterruptedException {
        List<String> args = new ArrayList<>(List.of(jvmOptions));
        args.addAll(List.of("org.pase4j.cli.Pase4j", "--version"));
        String out = run(env, args.toArray(String[]::new));
        return out.lines().filter(l -> l.startsWith("malloc: ")).findFirst().orElseThrow(() -> new AssertionError(out));
    }

    /** Runs java with the tests' class path and {@code args}, with a clean allocator environment but {@code env}. */
    private static String run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        java.addAll(List.of(args));
        return command(env, java);
    }

    private static String command(Map<String, String> env, List<String> command) throws IOException,
            InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("MALLOC_") || k.equals("PASE4J_MALLOC")
                || k.equals("LD_PRELOAD"));
        builder.environment().putAll(env);
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), out);
        return out;
    }
}
