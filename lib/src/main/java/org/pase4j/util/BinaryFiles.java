package org.pase4j.util;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Buffered binary streams over files, as checkpoints are read and written. */
public final class BinaryFiles {

    private static final int BUFFER = 1 << 16;

    private BinaryFiles() {}

    /**
     * @param file an existing file
     * @return a buffered stream reading it
     * @throws IOException if it cannot be opened
     */
    public static DataInputStream read(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
    }

    /**
     * @param file a file, created or truncated
     * @return a buffered stream writing it
     * @throws IOException if it cannot be opened
     */
    public static DataOutputStream write(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
    }
}
