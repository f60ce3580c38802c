package org.pase4j.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs an iterator on a background daemon thread, up to {@code depth} items ahead of the consumer, so
 * that decoding and cropping overlap with training. Errors of the producer are rethrown to the
 * consumer. Close it to stop the thread early.
 *
 * @param <T> the item type
 */
public final class BatchPrefetcher<T> implements Iterator<T>, AutoCloseable {

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private Object next;

    /**
     * Starts loading.
     *
     * @param source the iterator to run ahead
     * @param depth how many items may wait (at least 1)
     */
    public BatchPrefetcher(Iterator<T> source, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("prefetch depth " + depth + ", expected >= 1");
        }
        queue = new ArrayBlockingQueue<>(depth);
        thread = new Thread(() -> produce(source), "pase4j-data-loader");
        thread.setDaemon(true);
        thread.start();
    }

    private void produce(Iterator<T> source) {
        try {
            while (source.hasNext()) {
                queue.put(source.next());
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            try {
                queue.put(new Failure(e));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for data", e);
            }
        }
        if (next instanceof Failure f) {
            next = END;
            throw f.error;
        }
        return next != END;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T item = (T) next;
        next = null;
        return item;
    }

    /** Stops the loader thread. */
    @Override
    public void close() {
        thread.interrupt();
    }

    private record Failure(RuntimeException error) {}
}
