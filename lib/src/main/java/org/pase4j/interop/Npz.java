package org.pase4j.interop;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy {@code .npz} archives: a zip file with one {@code <key>.npy} entry per array, as
 * {@code numpy.savez} writes and {@code numpy.load} reads. Entries are written uncompressed (like
 * {@code numpy.savez}); compressed ones ({@code numpy.savez_compressed}) are read too. Reading is bounded:
 * an entry that expands to more than 64 MiB and more than 32 times its compressed size (model weights compress
 * little; a zip bomb a thousandfold) is refused, as are entry names that climb out of the archive.
 */
public final class Npz {

    private static final String SUFFIX = ".npy";
    /** An entry may always expand to this many bytes, whatever its compressed size. */
    static final long MIN_ENTRY_LIMIT = 64L << 20;
    /** Beyond {@link #MIN_ENTRY_LIMIT}, an entry may expand to at most this many times its compressed size. */
    static final long EXPANSION_LIMIT = 32;

    private Npz() {}

    /**
     * Reads every array of an archive.
     *
     * @param file the {@code .npz} file
     * @return the arrays by key (the entry name without {@code .npy}), in archive order
     * @throws IOException naming the file (and key) if it is missing, not a zip archive, or holds an
     *     entry that is not a supported {@code .npy} array, has an absolute or {@code ..} name, or expands
     *     beyond its limit
     */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file, expected a .npz archive");
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new IOException(file + ": not a .npz archive (not a zip file: " + e.getMessage() + ")", e);
        }
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                if (!name.endsWith(SUFFIX)) {
                    throw new IOException(file + ": entry '" + name + "' is not a .npy array, expected <key>.npy entries");
                }
                if (name.startsWith("/") || java.util.Arrays.asList(name.split("/")).contains("..")) {
                    throw new IOException(file + ": entry '" + name + "' has an absolute or '..' name, expected <key>.npy");
                }
                String key = name.substring(0, name.length() - SUFFIX.length());
                long limit = Math.max(MIN_ENTRY_LIMIT, EXPANSION_LIMIT * Math.max(0, entry.getCompressedSize()));
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
                }
                if (bytes.length > limit) {
                    throw new IOException(file + ": entry '" + name + "' expands beyond " + limit + " bytes from "
                            + entry.getCompressedSize() + " compressed (more than " + EXPANSION_LIMIT + " times), "
                            + "expected the arrays of a model; is it a zip bomb?");
                }
                arrays.put(key, NpyArray.decode(bytes, file + ", key '" + key + "'"));
            }
        }
        return arrays;
    }

    /**
     * Writes an archive atomically: to a temporary file in the same folder, then renamed over
     * {@code file} (parent folders are created).
     *
     * @param file the {@code .npz} file
     * @param arrays the arrays by key, written in iteration order
     * @throws IOException if the file cannot be written (an existing file is then untouched)
     */
    public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                    ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                    byte[] bytes = e.getValue().encode();
                    ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(bytes.length);
                    entry.setCompressedSize(bytes.length);
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    entry.setCrc(crc.getValue());
                    zip.putNextEntry(entry);
                    zip.write(bytes);
                    zip.closeEntry();
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
