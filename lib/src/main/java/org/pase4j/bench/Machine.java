package org.pase4j.bench;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmarks ran on. */
final class Machine {

    private Machine() {}

    /** @return the CPU model and the logical cores the JVM sees */
    static String describe() {
        String cpu = System.getProperty("os.arch");
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        } catch (IOException e) {
            // not Linux: the architecture names the machine
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " logical cores";
    }

    /** @return libtorch's intra-op threads */
    static int threads() {
        return JniUtils.getNumThreads();
    }
}
