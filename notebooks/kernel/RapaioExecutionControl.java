package org.rapaio.jupyter.kernel.core.java;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.SPIResolutionException;

/**
 * pase4j's replacement for rapaio-jupyter-kernel 3.0.1's execution control (how JShell runs a cell's code),
 * compiled by {@code notebooks/install-kernel.sh} into the jar that goes before the kernel's on the class path.
 * Same public API as the original; what differs is what an interrupt does.
 *
 * <p>The original answers an interrupt by cancelling the running cell and then shutting down the thread pool
 * that runs every cell: the interrupted cell reports nothing, and from then on each cell is rejected by the
 * pool, which JShell swallows (an internal error), so every later cell "runs" without effect or output until
 * the kernel is restarted. Here an interrupt cancels the running cell only (its thread is interrupted, which
 * ends {@code Thread.sleep}, {@code wait}, blocking queues and interruptible I/O); the cell reports
 * "InterruptedException" and the kernel keeps its state. A cell that ignores the interrupt (a busy loop) is
 * stopped after {@value #STOP_AFTER_MILLIS} ms with {@code Thread.stop}, as JShell stops its own snippets; on
 * a JDK without {@code Thread.stop} (20 and later) it is left running and logged, the kernel still answers.
 * A cell that exceeds the kernel's timeout is stopped the same way. {@link ControlChannel} (also pase4j's)
 * delivers the interrupt through {@link #interruptAll()}.
 */
public class RapaioExecutionControl extends DirectExecutionControl {

    /** The exception class name that tells the kernel a cell timed out. */
    public static final String TIMEOUT_MARKER = "## Timeout Marker ##";
    /** The exception class name that tells the kernel a cell was interrupted. */
    public static final String INTERRUPTED_MARKER = "## Interrupted Marker ##";
    /** How long an interrupted cell may ignore the interrupt before its thread is stopped. */
    public static final long STOP_AFTER_MILLIS = 2000;

    private static final Logger LOGGER = Logger.getLogger(RapaioExecutionControl.class.getSimpleName());
    private static final AtomicInteger THREAD_ID = new AtomicInteger();
    private static final Set<RapaioExecutionControl> LIVE = ConcurrentHashMap.newKeySet();

    private final long timeoutMillis;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "Engine-thread-" + THREAD_ID.getAndIncrement());
        t.setDaemon(true);
        return t;
    });
    private final Set<Cell> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> results = new ConcurrentHashMap<>();

    /** @param timeoutMillis a cell's time limit, none when zero or negative */
    public RapaioExecutionControl(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        LIVE.add(this);
    }

    /** Interrupts the running cells of every kernel engine in this JVM (there is one). */
    public static void interruptAll() {
        LIVE.forEach(RapaioExecutionControl::interrupt);
    }

    /** @return a cell's time limit in milliseconds, none when zero or negative */
    public long getTimeout() {
        return timeoutMillis;
    }

    /**
     * @param key what {@link #invoke(Method)} returned for the cell
     * @return the value of the cell, removed
     * @throws IllegalStateException if there is none for the key
     */
    public Object takeResult(String key) {
        Object result = results.remove(key);
        if (result == null) {
            throw new IllegalStateException("No result with key: " + key);
        }
        return result;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        Object value = execute(doit);
        if (value == null) {
            // no value to show (a statement): JShell records none
            throw new InternalException("no value");
        }
        String key = UUID.randomUUID().toString();
        results.put(key, value);
        return key;
    }

    private Object execute(Method doit) throws Exception {
        Cell cell = new Cell();
        running.add(cell);
        try {
            cell.future = executor.submit(() -> cell.run(doit));
            return timeoutMillis > 0 ? cell.future.get(timeoutMillis, TimeUnit.MILLISECONDS) : cell.future.get();
        } catch (CancellationException e) {
            throw new UserException("Execution interrupted.", INTERRUPTED_MARKER, e.getStackTrace());
        } catch (InterruptedException e) {
            cancel(cell);
            throw new UserException("Execution interrupted.", INTERRUPTED_MARKER, e.getStackTrace());
        } catch (TimeoutException e) {
            cancel(cell);
            throw new UserException("Execution timed out", TIMEOUT_MARKER, e.getStackTrace());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
            if (cause == null) {
                throw new UserException("null", "Unknown Invocation Exception", e.getStackTrace());
            }
            if (cause instanceof SPIResolutionException resolution) {
                throw new ResolutionException(resolution.id(), cause.getStackTrace());
            }
            throw new UserException(cause.getMessage(), cause.getClass().getName(), cause.getStackTrace());
        } finally {
            running.remove(cell);
        }
    }

    /** Cancels the running cells: each is interrupted, then stopped if it is still running after a while. */
    public void interrupt() {
        running.forEach(this::cancel);
    }

    /** JShell's "stop the running snippet": the same as {@link #interrupt()}; the engine stays usable. */
    @Override
    public void stop() {
        interrupt();
    }

    @Override
    public void close() {
        LIVE.remove(this);
        executor.shutdownNow();
        super.close();
    }

    private void cancel(Cell cell) {
        Future<Object> future = cell.future;
        if (future == null || !future.cancel(true)) {
            return;
        }
        Thread stopper = new Thread(() -> cell.stopUnlessDone(STOP_AFTER_MILLIS), "Engine-stopper");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** One cell's run: its thread while it runs, and whether it has ended. */
    private static final class Cell {
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Future<Object> future;
        private Thread thread;
        private boolean ended;

        Object run(Method doit) throws Exception {
            synchronized (this) {
                thread = Thread.currentThread();
            }
            try {
                return doit.invoke(null);
            } finally {
                synchronized (this) {
                    ended = true;
                }
                done.countDown();
            }
        }

        @SuppressWarnings({"deprecation", "removal"})
        void stopUnlessDone(long millis) {
            try {
                if (done.await(millis, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (ended || thread == null) {
                    return;
                }
                try {
                    thread.stop();
                    LOGGER.info(thread.getName() + " ignored the interrupt for " + millis + " ms: stopped");
                } catch (UnsupportedOperationException e) {
                    LOGGER.warning(thread.getName() + " ignores the interrupt and cannot be stopped on this JDK: "
                            + "it goes on running; the kernel still answers");
                }
            }
        }
    }
}
