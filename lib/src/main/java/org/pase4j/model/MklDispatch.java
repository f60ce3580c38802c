package org.pase4j.model;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the oneMKL inside libtorch use its fast kernels on AMD CPUs. oneMKL chooses its matrix-product kernels
 * by asking whether the CPU is Intel's; on other vendors it takes a generic path that reaches a fraction of
 * the CPU's speed (on an AMD EPYC with AVX-512, a 2048² product ran 2 to 3 times slower than with the fast
 * kernels, and the waveform decoder's convolutions, which go through that product, with it). A 13 KB library
 * built from {@code tools/native/mkl_intel_cpu.c} answers that question "yes"; loaded into the global symbol
 * scope before libtorch, it takes the place of oneMKL's own answer, and oneMKL then picks its kernels by the
 * instruction sets the CPU reports, as it does on Intel's.
 *
 * <p>{@link PyTorchProvider} applies it when DJL first looks for its engines, i.e. before libtorch loads,
 * whichever pase4j or DJL call comes first; it does nothing on CPUs other than AMD's, on systems other than
 * Linux x86-64, or with {@code -Dpase4j.mkl.vendorDispatch=false}. Once libtorch is loaded it can no longer
 * change anything.
 */
public final class MklDispatch {

    /** The system property that turns it off ({@code false}). */
    public static final String PROPERTY = "pase4j.mkl.vendorDispatch";

    private static final Logger LOG = LoggerFactory.getLogger(MklDispatch.class);
    private static final String RESOURCE = "native/linux-x86_64/libpase4j_mkl_intel_cpu.so";
    private static final int RTLD_LAZY = 0x1;
    private static final int RTLD_GLOBAL = 0x100;

    private static Boolean applied;

    private MklDispatch() {}

    /**
     * Loads the library once per JVM where it applies.
     *
     * @return whether it is loaded
     */
    public static synchronized boolean apply() {
        if (applied == null) {
            applied = applies() && load();
        }
        return applied;
    }

    private static boolean applies() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))
                && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                && System.getProperty("os.arch", "").equals("amd64") && isAmd(Path.of("/proc/cpuinfo"));
    }

    /**
     * @param cpuinfo a {@code /proc/cpuinfo} file
     * @return whether its first {@code vendor_id} is AMD's
     */
    static boolean isAmd(Path cpuinfo) {
        try {
            return Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("vendor_id")).findFirst()
                    .map(l -> l.endsWith("AuthenticAMD")).orElse(false);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static boolean load() {
        try (InputStream in = MklDispatch.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                LOG.warn("{} is missing from the jar: oneMKL keeps its generic kernels on this AMD CPU", RESOURCE);
                return false;
            }
            Path file = Files.createTempFile("pase4j_mkl_intel_cpu", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            NativeLibrary.getInstance(file.toString(), Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_GLOBAL));
            LOG.debug("AMD CPU: oneMKL's vendor check answered by {}", file);
            return true;
        } catch (IOException | UnsatisfiedLinkError e) {
            LOG.warn("could not load {} ({}): oneMKL keeps its generic kernels on this AMD CPU", RESOURCE, e.toString());
            return false;
        }
    }
}
