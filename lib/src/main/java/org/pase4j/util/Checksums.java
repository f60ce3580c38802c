package org.pase4j.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * SHA-256 checksums of files, and of a folder's files in a {@value #FILE} file that {@code sha256sum -c}
 * reads, so that a file damaged after it was written (truncated, a flipped bit) is caught before it is used.
 */
public final class Checksums {

    /** The checksum file of a folder: one {@code <hex>  <name>} line per file, as {@code sha256sum} writes. */
    public static final String FILE = "SHA256SUMS";

    private Checksums() {}

    /**
     * @param file a file
     * @return its SHA-256 in lower-case hex
     * @throws IOException if it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /**
     * Writes the checksums of every regular file directly in a folder (but the checksum file) to its
     * {@value #FILE}.
     *
     * @param folder the folder
     * @throws IOException if a file cannot be read or the checksum file written
     */
    public static void write(Path folder) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : files(folder)) {
            lines.add(sha256(file) + "  " + file.getFileName());
        }
        Files.write(folder.resolve(FILE), lines, StandardCharsets.UTF_8);
    }

    /**
     * Checks a folder's files against its {@value #FILE}; a folder without one (written before checksums
     * were recorded) passes.
     *
     * @param folder the folder
     * @throws IOException naming the first file that is missing or whose checksum differs
     */
    public static void verify(Path folder) throws IOException {
        Path sums = folder.resolve(FILE);
        if (!Files.isRegularFile(sums)) {
            return;
        }
        for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
            int space = line.indexOf("  ");
            if (space != 64) {
                throw new IOException(sums + ": unreadable line '" + line + "', expected '<sha256>  <file name>'");
            }
            Path file = folder.resolve(line.substring(space + 2));
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + " is missing (listed in " + FILE + ")");
            }
            String actual = sha256(file);
            if (!actual.equals(line.substring(0, space))) {
                throw new IOException(file + " was damaged after it was written: SHA-256 " + actual + ", "
                        + FILE + " recorded " + line.substring(0, space));
            }
        }
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(FILE)).sorted().toList();
        }
    }
}
