package org.pase4j.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.LoggerFactory;

/**
 * One training run per output folder: an operating-system lock on {@code <output_folder>/.lock}, which also
 * records the holder's process id and start time. A second run on the folder is refused while the holder lives;
 * the lock of a process that died (even by {@code kill -9}) is released by the system, and the next run takes it
 * over, saying whose it was.
 */
final class RunLock implements AutoCloseable {

    /** The lock file's name inside the output folder. */
    static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of an output folder.
     *
     * @param outputFolder an existing folder
     * @return the lock, held until closed
     * @throws IOException if the lock file cannot be written
     * @throws IllegalStateException naming the process that holds the folder
     */
    static RunLock acquire(Path outputFolder) throws IOException {
        Path file = outputFolder.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        String previous = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("output folder " + outputFolder + " is in use by another training run ("
                    + (previous.isEmpty() ? "process unknown" : previous) + "); wait for it to end, or set another "
                    + "output_folder");
        }
        String self = "process " + ProcessHandle.current().pid() + ", started " + Instant.now();
        if (!previous.isEmpty()) {
            LoggerFactory.getLogger(RunLock.class).info("taking over the lock of {} (no longer running)", previous);
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((self + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new RunLock(channel, lock);
    }

    /** Releases the lock; the file stays, with the last holder's name. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
