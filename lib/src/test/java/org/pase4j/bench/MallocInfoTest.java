package org.pase4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.Prerequisites;
import org.pase4j.util.MallocSettings;

class MallocInfoTest {

    @Test
    void tcmallocCountsA64MbBlockWhenPreloaded(@TempDir Path tmp) throws Exception {
        Optional<Path> tcmalloc = MallocSettings.installedTcmalloc();
        Prerequisites.require(tcmalloc.isPresent(), "gperftools' tcmalloc", "apt-get install libtcmalloc-minimal4");
        Path program = tmp.resolve("Figures.java");
        Files.writeString(program, """
                import com.sun.jna.Memory;
                import org.pase4j.bench.MallocInfo;
                public class Figures { public static void main(String[] a) {
                  MallocInfo before = MallocInfo.current().orElseThrow();
                  Memory block = new Memory(64L << 20);
                  MallocInfo after = MallocInfo.current().orElseThrow();
                  System.out.println(before.heapBytes() + " " + before.inUseBytes() + " " + after.heapBytes() + " "
                      + after.inUseBytes() + " " + after.mappedBytes() + " " + block.size());
                } }""");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), program.toString())).redirectErrorStream(true);
        builder.environment().put("LD_PRELOAD", tcmalloc.get().toString());
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, child.waitFor(), out);
        String[] f = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        long heapBefore = Long.parseLong(f[0]);
        long inUseBefore = Long.parseLong(f[1]);
        long heapAfter = Long.parseLong(f[2]);
        long inUseAfter = Long.parseLong(f[3]);
        assertTrue(inUseBefore > 0 && inUseBefore <= heapBefore, out);
        assertTrue(inUseAfter - inUseBefore > 63L << 20 && inUseAfter - inUseBefore < 66L << 20, out);
        assertTrue(heapAfter >= inUseAfter, out);
        assertEquals("0", f[4], "no separately mapped blocks under tcmalloc");
    }
}
