package org.pase4j.util;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The glibc {@code malloc} settings under which libtorch reuses the memory of its large tensors. With glibc's
 * defaults, every thread but the process's first allocates from an arena of 64 MB heaps, so a tensor larger
 * than that (the first convolution's output of a training batch is about 100 MB) is mapped from the system when
 * it is made and unmapped when it is freed, and every step faults its pages in and zeroes them anew: about 3.7
 * million page faults in 25 s of training on the recipe's model. With one arena, no mapped chunks and no
 * trimming, freed tensors go back to the heap and the next step takes them from there: a sixth of the page faults
 * and a training step about a quarter faster (the README's Performance section). Resident memory then no longer
 * falls between steps: it is the largest extent the heap has reached, which climbs while the heap's layout settles
 * and then stays (docs/reliability.md).
 *
 * <p>glibc reads these settings once, when the process starts, so they cannot be applied from inside a running
 * JVM. {@code bin/pase4j} and the notebooks' kernel set them in the environment; {@code java -jar pase4j.jar}
 * without them restarts itself once with them ({@link #relaunchIfNeeded}, the same process, through
 * {@code execve}); a program that uses pase4j as a library sets them in the environment that starts its JVM
 * ({@link #environmentLine()}). Set {@code PASE4J_MALLOC=system} to keep glibc's defaults. A variable already
 * set is kept as it is.
 */
public final class MallocSettings {

    /** The environment variable that turns the settings off ({@value #SYSTEM}). */
    public static final String OPT_OUT = "PASE4J_MALLOC";

    /** The value of {@link #OPT_OUT} that keeps glibc's defaults. */
    public static final String SYSTEM = "system";

    private static final Logger LOG = LoggerFactory.getLogger(MallocSettings.class);

    /** Variable to value, in the order they are documented. */
    private static final Map<String, String> SETTINGS = settings();

    private static boolean advised;

    private MallocSettings() {}

    private static Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("MALLOC_ARENA_MAX", "1");                    // every thread allocates from the main heap
        s.put("MALLOC_MMAP_MAX_", "0");                    // large blocks come from the heap, not from mmap
        s.put("MALLOC_TRIM_THRESHOLD_", "17179869184");    // freed memory is kept for the next step (16 GiB)
        s.put("MALLOC_TOP_PAD_", "67108864");              // the heap grows 64 MB at a time
        return s;
    }

    /** @return the settings as {@code NAME=value} words for a shell, e.g. to start a JVM with */
    public static String environmentLine() {
        return SETTINGS.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /**
     * @param environment a process environment
     * @return the settings that environment lacks; empty where it has them all or opts out
     */
    static Map<String, String> missing(Map<String, String> environment) {
        Map<String, String> missing = new LinkedHashMap<>();
        if (!SYSTEM.equals(environment.get(OPT_OUT))) {
            SETTINGS.forEach((name, value) -> {
                if (!environment.containsKey(name)) {
                    missing.put(name, value);
                }
            });
        }
        return missing;
    }

    /**
     * @param environment a process environment
     * @return how the process's malloc is set, for the record of a run: the settings, "glibc defaults" or a
     *     mixture as set
     */
    public static String describe(Map<String, String> environment) {
        String set = SETTINGS.keySet().stream().filter(environment::containsKey)
                .map(n -> n + "=" + environment.get(n)).collect(Collectors.joining(" "));
        return set.isEmpty() ? "glibc defaults" : set;
    }

    /**
     * Restarts this JVM with the settings where it runs on Linux and its environment lacks any of them: the same
     * program, arguments and process id, through {@code execve}. Call it first thing in {@code main}, before
     * anything is printed or started; it returns only where no restart is needed or the restart failed (then the
     * program goes on with glibc's defaults).
     *
     * @param programName the program's name for a message if the restart fails
     */
    public static void relaunchIfNeeded(String programName) {
        Map<String, String> missing = missing(System.getenv());
        if (!onLinux() || missing.isEmpty()) {
            return;
        }
        String problem;
        try {
            List<String> argv = commandLine(Files.readAllBytes(Path.of("/proc/self/cmdline")));
            List<String> environment = new ArrayList<>();
            System.getenv().forEach((name, value) -> environment.add(name + "=" + value));
            missing.forEach((name, value) -> environment.add(name + "=" + value));
            System.out.flush();
            System.err.flush();
            LibC.INSTANCE.execve("/proc/self/exe", argv.toArray(String[]::new), environment.toArray(String[]::new));
            problem = "execve failed";
        } catch (IOException | UnsatisfiedLinkError e) {
            problem = e.toString();
        }
        LOG.warn("{} could not restart itself with {} ({}); it goes on with glibc's defaults, about a quarter "
                + "slower per training step", programName, environmentLine(), problem);
    }

    /**
     * Says once, at INFO level, that this JVM runs without the settings, where it runs on Linux and lacks any of
     * them (a program using pase4j as a library); {@code PASE4J_MALLOC=system} silences it.
     */
    public static synchronized void adviseIfMissing() {
        if (!advised && onLinux() && !missing(System.getenv()).isEmpty()) {
            LOG.info("this JVM runs with glibc's malloc defaults, under which libtorch maps its large tensors anew "
                    + "at every use (a training step about a quarter slower); start it with {} for pase4j's "
                    + "settings, or with PASE4J_MALLOC=system to keep the defaults quietly", environmentLine());
        }
        advised = true;
    }

    private static boolean onLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /**
     * @param cmdline the contents of {@code /proc/PID/cmdline}: arguments each ended by a NUL byte
     * @return the arguments
     */
    static List<String> commandLine(byte[] cmdline) {
        List<String> argv = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                argv.add(new String(cmdline, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < cmdline.length) {
            argv.add(new String(cmdline, start, cmdline.length - start, StandardCharsets.UTF_8));
        }
        return argv;
    }

    /** The C library's {@code execve}. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int execve(String path, String[] argv, String[] environment);
    }
}
