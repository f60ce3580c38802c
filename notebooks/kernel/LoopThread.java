package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * pase4j's replacement for rapaio-jupyter-kernel 3.0.1's channel loop thread, compiled by
 * {@code notebooks/install-kernel.sh} into a jar that goes before the kernel's on the class path.
 *
 * <p>It fixes the two races behind the kernel's failed start-ups (a shell socket bound but never read,
 * "Kernel didn't respond in 60 seconds"): the original marks the loop as running only after
 * {@code Thread.start()}, so a thread scheduled at once finds the flag false and ends before its first
 * pass; and one exception in a pass ends the loop for good, which is what happens when the client's first
 * {@code kernel_info_request} arrives before the kernel has registered its handlers (the handler map is still
 * null). Here the flag is set before the thread starts, and a pass that throws is logged and the loop goes
 * on (the client sends {@code kernel_info_request} again until it is answered).
 */
public final class LoopThread extends Thread {

    private static final Logger LOGGER = Logger.getLogger(LoopThread.class.getSimpleName());

    private final long sleepMillis;
    private final Runnable body;
    private volatile boolean running;

    /**
     * @param name the thread's name
     * @param sleepMillis the pause after each pass
     * @param body one pass of the loop
     */
    public LoopThread(String name, long sleepMillis, Runnable body) {
        super(name);
        this.sleepMillis = sleepMillis;
        this.body = body;
    }

    @Override
    public void run() {
        while (running) {
            try {
                body.run();
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, getName() + ": a pass of the loop failed, the loop goes on", e);
            }
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                running = false;
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        super.start();
    }

    /** Ends the loop after the current pass. */
    public void shutdown() {
        running = false;
    }
}
