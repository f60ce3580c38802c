package org.pase4j.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGINT and SIGTERM (and any other JVM shutdown) during a run: a shutdown hook asks the training loop to stop
 * at its next step boundary and waits until the run has let go (at most {@value #WAIT_SECONDS} s, enough for a
 * checkpoint that is being written to be finished), so that the JVM never ends in the middle of a step or a
 * checkpoint and the run says where it can be resumed from.
 */
final class StopSignal implements AutoCloseable {

    /** How long the hook holds the JVM for the run to reach a step boundary. */
    static final long WAIT_SECONDS = 120;

    private final CountDownLatch released = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    /** Installs the hook. */
    StopSignal() {
        hook = new Thread(() -> {
            requested = true;
            try {
                released.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pase4j-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** @return whether the JVM is shutting down and the run should stop at this step boundary */
    boolean requested() {
        return requested;
    }

    /** Lets the JVM end (when it is shutting down) and removes the hook (when it is not). */
    @Override
    public void close() {
        released.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the run has let go
        }
    }
}
