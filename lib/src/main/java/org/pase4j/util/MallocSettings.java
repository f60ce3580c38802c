package org.pase4j.util;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory allocator under which libtorch reuses the memory of its large tensors and resident memory stays flat.
 * With glibc's defaults, every thread but the process's first allocates from an arena of 64 MB heaps, so a tensor
 * larger than that (the first convolution's output of a training batch is about 100 MB) is mapped from the system
 * when it is made and unmapped when it is freed, and every step faults its pages in and zeroes them anew: about 3.7
 * million page faults in 25 s of training on the recipe's model, a quarter of the step's time.
 *
 * <p>pase4j's choice, {@code PASE4J_MALLOC}:
 * <ul>
 *   <li>{@code tcmalloc} (the default): gperftools' tcmalloc ({@code libtcmalloc_minimal.so.4}, Debian's
 *       {@code libtcmalloc-minimal4}) preloaded where it is installed. Freed tensors stay in its page heap for the
 *       next step, and its heap stays within a few tens of MB over a whole run (docs/reliability.md). Where it is
 *       not installed, the glibc settings below.</li>
 *   <li>{@code glibc}: glibc's own malloc with one arena, no mapped chunks and no trimming. As fast, but resident
 *       memory climbs by 4-10 % while the heap's layout settles, by how much depending on the run.</li>
 *   <li>{@code system}: the C library's defaults, untouched.</li>
 * </ul>
 *
 * <p>With either, the Java heap is also touched when it is committed ({@value #PRETOUCH}): otherwise its pages
 * become resident one young generation at a time over the first hundred or two training steps, and resident memory
 * climbs by 30-60 MB before it is flat (docs/reliability.md).
 *
 * <p>All of it is read once, when the process starts, so it cannot be applied from inside a running JVM.
 * {@code java -jar pase4j.jar} without it restarts itself once with it ({@link #relaunchIfNeeded}: the same
 * process, through {@code execve}); the notebooks' kernel is installed with it; a program that uses pase4j as a
 * library sets it where it starts its JVM ({@link #environmentLine()} and {@value #PRETOUCH}). Variables already
 * set are kept, a preload list keeps its entries, and a JVM started with {@code -XX:-AlwaysPreTouch} keeps it.
 */
public final class MallocSettings {

    /** The environment variable that chooses the allocator: {@code tcmalloc}, {@code glibc} or {@code system}. */
    public static final String CHOICE = "PASE4J_MALLOC";

    static final String TCMALLOC = "tcmalloc";
    static final String GLIBC = "glibc";
    static final String SYSTEM = "system";
    static final String PRELOAD = "LD_PRELOAD";
    static final String TCMALLOC_LIBRARY = "libtcmalloc_minimal.so.4";

    /** The JVM option that makes the Java heap resident when it is committed, not when it is first used. */
    public static final String PRETOUCH = "-XX:+AlwaysPreTouch";

    private static final Logger LOG = LoggerFactory.getLogger(MallocSettings.class);

    /** glibc's settings, variable to value, in the order they are documented. */
    static final Map<String, String> GLIBC_SETTINGS = glibcSettings();

    private static boolean advised;

    private MallocSettings() {}

    private static Map<String, String> glibcSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("MALLOC_ARENA_MAX", "1");                    // every thread allocates from the main heap
        s.put("MALLOC_MMAP_MAX_", "0");                    // large blocks come from the heap, not from mmap
        s.put("MALLOC_TRIM_THRESHOLD_", "17179869184");    // freed memory is kept for the next step (16 GiB)
        s.put("MALLOC_TOP_PAD_", "67108864");              // the heap grows 64 MB at a time
        return s;
    }

    /** @return the settings for this machine as {@code NAME=value} words for a shell, e.g. to start a JVM with */
    public static String environmentLine() {
        return line(wanted(Map.of(), installedTcmalloc()));
    }

    private static String line(Map<String, String> settings) {
        return settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /** @return tcmalloc's library ({@code libtcmalloc_minimal.so.4}) where it is installed in a usual library folder */
    public static Optional<Path> installedTcmalloc() {
        String multiarch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            default -> "";
        };
        return Stream.of("/usr/lib/" + multiarch, "/usr/lib64", "/usr/lib", "/usr/local/lib")
                .map(folder -> Path.of(folder, TCMALLOC_LIBRARY)).filter(Files::isRegularFile).findFirst();
    }

    /**
     * @param environment a process environment
     * @return its choice of allocator
     * @throws IllegalArgumentException where {@value #CHOICE} holds anything but the three choices
     */
    static String choice(Map<String, String> environment) {
        String choice = environment.getOrDefault(CHOICE, TCMALLOC);
        if (!List.of(TCMALLOC, GLIBC, SYSTEM).contains(choice)) {
            throw new IllegalArgumentException(CHOICE + "=" + choice + " is not one of " + TCMALLOC + ", " + GLIBC
                    + ", " + SYSTEM + "; the C library's malloc defaults are kept");
        }
        return choice;
    }

    /**
     * @param environment a process environment
     * @param tcmalloc tcmalloc's library, where installed
     * @return the variables that environment's choice sets (the glibc settings where it has set them all itself)
     */
    static Map<String, String> wanted(Map<String, String> environment, Optional<Path> tcmalloc) {
        String choice = choice(environment);
        if (choice.equals(SYSTEM)) {
            return Map.of();
        }
        boolean glibcSet = environment.keySet().containsAll(GLIBC_SETTINGS.keySet());
        if (choice.equals(TCMALLOC) && tcmalloc.isPresent() && !glibcSet) {
            return Map.of(PRELOAD, tcmalloc.get().toString());
        }
        return GLIBC_SETTINGS;
    }

    /**
     * @param environment a process environment
     * @param tcmalloc tcmalloc's library, where installed
     * @return the variables to add to or change in that environment; empty where it has what it chose
     */
    static Map<String, String> missing(Map<String, String> environment, Optional<Path> tcmalloc) {
        Map<String, String> missing = new LinkedHashMap<>();
        wanted(environment, tcmalloc).forEach((name, value) -> {
            String present = environment.get(name);
            if (name.equals(PRELOAD)) {
                if (present == null || present.isBlank()) {
                    missing.put(name, value);
                } else if (!present.contains("tcmalloc")) {
                    missing.put(name, value + ":" + present);
                }
            } else if (present == null) {
                missing.put(name, value);
            }
        });
        return missing;
    }

    /** @return how this process's malloc and Java heap are set, for the record of a run */
    public static String describe() {
        String malloc = describe(System.getenv(), loadedTcmalloc());
        return jvmOptions().contains(PRETOUCH) ? malloc + ", Java heap pre-touched" : malloc;
    }

    /**
     * @param jvmOptions the options a JVM runs with
     * @return whether they set {@code AlwaysPreTouch} either way (a setting that is kept)
     */
    static boolean setsPretouch(List<String> jvmOptions) {
        return jvmOptions.stream().anyMatch(o -> o.matches("-XX:[+-]AlwaysPreTouch"));
    }

    /** @return whether this JVM should have {@value #PRETOUCH} and lacks either setting of it */
    private static boolean needsPretouch(Map<String, String> environment) {
        return !SYSTEM.equals(choice(environment)) && !setsPretouch(jvmOptions());
    }

    private static List<String> jvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    /**
     * @param argv a {@code java} command line
     * @return the command line with {@value #PRETOUCH} after the program name
     */
    static List<String> withPretouch(List<String> argv) {
        if (argv.isEmpty()) {
            return argv;
        }
        List<String> with = new ArrayList<>(argv);
        with.add(1, PRETOUCH);
        return with;
    }

    /**
     * @param environment a process environment
     * @param tcmalloc tcmalloc's library where the process has it loaded
     * @return "tcmalloc (its path)", the glibc settings as set, or "glibc defaults"
     */
    static String describe(Map<String, String> environment, Optional<String> tcmalloc) {
        if (tcmalloc.isPresent()) {
            return "tcmalloc (" + tcmalloc.get() + ")";
        }
        String set = GLIBC_SETTINGS.keySet().stream().filter(environment::containsKey)
                .map(n -> n + "=" + environment.get(n)).collect(Collectors.joining(" "));
        return set.isEmpty() ? "glibc defaults" : set;
    }

    /** @return the path of the tcmalloc library this process has mapped, if any */
    private static Optional<String> loadedTcmalloc() {
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.filter(l -> l.contains("libtcmalloc")).map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Restarts this JVM with the chosen allocator and {@value #PRETOUCH} where it runs on Linux and lacks either:
     * the same program, arguments and process id, through {@code execve}. Call it first thing in {@code main}, before
     * anything is printed or started; it returns only where no restart is needed or the restart failed (then the
     * program goes on with the C library's defaults).
     *
     * @param programName the program's name for a message if the restart fails
     */
    public static void relaunchIfNeeded(String programName) {
        if (!onLinux()) {
            return;
        }
        Map<String, String> missing;
        boolean pretouch;
        try {
            missing = missing(System.getenv(), installedTcmalloc());
            pretouch = needsPretouch(System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: {}", programName, e.getMessage());
            return;
        }
        if (missing.isEmpty() && !pretouch) {
            return;
        }
        String problem;
        try {
            List<String> current = commandLine(Files.readAllBytes(Path.of("/proc/self/cmdline")));
            List<String> argv = pretouch ? withPretouch(current) : current;
            Map<String, String> environment = new LinkedHashMap<>(System.getenv());
            environment.putAll(missing);
            List<String> words = new ArrayList<>();
            environment.forEach((name, value) -> words.add(name + "=" + value));
            System.out.flush();
            System.err.flush();
            LibC.INSTANCE.execve("/proc/self/exe", argv.toArray(String[]::new), words.toArray(String[]::new));
            problem = "execve failed";
        } catch (IOException | UnsatisfiedLinkError e) {
            problem = e.toString();
        }
        LOG.warn("{} could not restart itself with its memory settings ({} {}: {}); it goes on without them, about a "
                + "quarter slower per training step", programName, line(missing), PRETOUCH, problem);
    }

    /**
     * Says once, at INFO level, that this JVM runs without the chosen allocator or {@value #PRETOUCH}, where it runs
     * on Linux and lacks either (a program using pase4j as a library); {@code PASE4J_MALLOC=system} silences it.
     */
    public static synchronized void adviseIfMissing() {
        if (advised) {
            return;
        }
        advised = true;
        if (!onLinux()) {
            return;
        }
        try {
            Map<String, String> environment = System.getenv();
            Map<String, String> missing = loadedTcmalloc().isPresent() ? Map.of()
                    : missing(environment, installedTcmalloc());
            boolean pretouch = needsPretouch(environment);
            if (!missing.isEmpty() || pretouch) {
                String how = (missing.isEmpty() ? "" : "the environment " + line(missing))
                        + (missing.isEmpty() || !pretouch ? "" : " and ") + (pretouch ? "the JVM option " + PRETOUCH : "");
                LOG.info("this JVM runs without pase4j's memory settings (with the C library's malloc defaults a "
                        + "training step is about a quarter slower; without a pre-touched heap resident memory climbs "
                        + "over the first steps); start it with {}, or with PASE4J_MALLOC=system to keep the defaults "
                        + "quietly", how);
            }
        } catch (IllegalArgumentException e) {
            LOG.warn(e.getMessage());
        }
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
