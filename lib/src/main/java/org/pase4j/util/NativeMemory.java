package org.pase4j.util;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.LoggerFactory;

/**
 * glibc's allocator, tuned for long training. libtorch frees and allocates large blocks from several threads
 * (the training step, the batch loader, its own pools); by default glibc gives each contending thread its own
 * arena, up to eight per core, and memory freed in one arena is not reused by another, so resident memory climbs
 * in jumps and saw-tooths over a run ({@code bench --only memory}, docs/reliability.md). pase4j limits the process
 * to {@value #ARENAS} arenas ({@code mallopt(M_ARENA_MAX)}, what {@code MALLOC_ARENA_MAX=2} does, but applied
 * from inside the process, for {@code java -jar} and library users alike) when a training run, a benchmark or the
 * command line starts, and gives freed memory back to the system at the end of each epoch ({@code malloc_trim}).
 * Elsewhere than glibc on Linux, or with {@code -Dpase4j.tuneMalloc=false}, it does nothing.
 */
public final class NativeMemory {

    /** The arenas allowed. */
    public static final int ARENAS = 2;

    private static final int M_ARENA_MAX = -8;
    private static final CLibrary C = load();
    private static volatile boolean limited;

    private NativeMemory() {}

    /** The two glibc calls used. */
    private interface CLibrary extends Library {
        int mallopt(int param, int value);

        int malloc_trim(long pad);
    }

    private static CLibrary load() {
        if (!Platform.isLinux() || !Boolean.parseBoolean(System.getProperty("pase4j.tuneMalloc", "true"))) {
            return null;
        }
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            c.malloc_trim(0);   // present only in glibc: fails early elsewhere
            return c;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LoggerFactory.getLogger(NativeMemory.class).debug("no glibc allocator to tune: {}", e.toString());
            return null;
        }
    }

    /** Limits the allocator to {@value #ARENAS} arenas, once per process. */
    public static void limitArenas() {
        if (C != null && !limited) {
            limited = true;
            C.mallopt(M_ARENA_MAX, ARENAS);
        }
    }

    /** Returns the allocator's free memory to the system. */
    public static void trim() {
        if (C != null) {
            C.malloc_trim(0);
        }
    }

    /** @return whether this process's allocator is tuned (glibc on Linux, not turned off) */
    public static boolean isTuned() {
        return C != null;
    }
}
