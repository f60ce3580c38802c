package org.pase4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkFiles;
import org.pase4j.downstream.PretrainedEncoder;

/**
 * The encoders of this JVM, one per shipped encoder: every task of an executor shares it, so it is loaded
 * once per executor, not per task or file. {@link PretrainedEncoder#embed(float[])} works in a sub-manager
 * of its own per call and reads the parameters only, so concurrent tasks may use one encoder. The encoders
 * live as long as the JVM (an executor's lifetime).
 *
 * <p>Unless the JVM was started with other values, the first load runs libtorch on one thread per task
 * ({@code ai.djl.pytorch.num_threads} and {@code num_interop_threads} 1): Spark already runs one task per
 * core, and more threads would only compete for them. The properties count only if DJL's engine has not
 * started yet in this JVM.
 */
final class EncoderCache {

    private static final Map<Path, PretrainedEncoder> ENCODERS = new ConcurrentHashMap<>();

    private EncoderCache() {}

    /**
     * The encoder a job shipped with {@code SparkContext.addFile}, loaded at the first call in this JVM.
     *
     * @param name the shipped file or folder's name ({@code SparkFiles.get} finds this executor's copy)
     * @param source where the job shipped it from, for the error message
     * @return the shared encoder, never to be closed by the caller
     * @throws IOException naming the source if it cannot be loaded ({@link PretrainedEncoder#load})
     */
    static PretrainedEncoder get(String name, String source) throws IOException {
        Path local = Path.of(SparkFiles.get(name));
        try {
            return ENCODERS.computeIfAbsent(local, EncoderCache::load);
        } catch (UncheckedIOException e) {
            IOException cause = e.getCause();
            throw new IOException("encoder " + source + " cannot be loaded: " + cause.getMessage(), cause);
        }
    }

    private static PretrainedEncoder load(Path local) {
        defaultProperty("ai.djl.offline", "true");  // libtorch comes from the shipped native jar
        defaultProperty("ai.djl.pytorch.num_threads", "1");  // the tasks share the cores, one thread each
        defaultProperty("ai.djl.pytorch.num_interop_threads", "1");
        try {
            return PretrainedEncoder.load(local);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets a system property the user has not set; DJL reads these when its engine starts. */
    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
