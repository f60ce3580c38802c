package org.pase4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory from {@code /proc/self/status} (Linux): Java heap, native libtorch
 * tensors and everything else together, which is what the operating system sees.
 */
public final class ResidentMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentMemory() {}

    /** @return whether this system reports resident memory ({@code /proc/self/status} exists) */
    public static boolean available() {
        return Files.isReadable(STATUS);
    }

    /** @return the resident set size now, in bytes */
    public static long current() {
        return field("VmRSS:");
    }

    /** @return the largest resident set size so far, in bytes */
    public static long peak() {
        return field("VmHWM:");
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS, e);
        }
        throw new IllegalStateException(STATUS + " has no " + name + " line");
    }
}
