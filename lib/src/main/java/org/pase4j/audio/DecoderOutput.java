package org.pase4j.audio;

import java.io.PrintStream;

/**
 * Keeps the FLAC codec quiet: jflac prints diagnostics of corrupt data to {@code System.out}, which would land in
 * a user's terminal or notebook cell. While a thread decodes, what it writes to {@code System.out} is dropped;
 * other threads print as before. {@code System.out} is wrapped once (again if someone replaced it since).
 */
final class DecoderOutput extends PrintStream {

    private static final ThreadLocal<Boolean> DECODING = ThreadLocal.withInitial(() -> false);

    private DecoderOutput(PrintStream target) {
        super(target, true);
    }

    /**
     * Runs a decoding step with the calling thread's {@code System.out} silenced.
     *
     * @param <T> the result type
     * @param <E> the exception the step throws
     * @param step the step
     * @return its result
     * @throws E what the step throws
     */
    static <T, E extends Exception> T quietly(Step<T, E> step) throws E {
        install();
        boolean outer = DECODING.get();
        DECODING.set(true);
        try {
            return step.run();
        } finally {
            DECODING.set(outer);
        }
    }

    /** Work that may throw a checked exception. */
    @FunctionalInterface
    interface Step<T, E extends Exception> {
        T run() throws E;
    }

    private static synchronized void install() {
        if (!(System.out instanceof DecoderOutput)) {
            System.setOut(new DecoderOutput(System.out));
        }
    }

    @Override
    public void write(int b) {
        if (!DECODING.get()) {
            super.write(b);
        }
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        if (!DECODING.get()) {
            super.write(buf, off, len);
        }
    }
}
