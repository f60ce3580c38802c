package org.pase4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.downstream.Npy;

/** Array files built to hurt: each is refused with the file and what is wrong named, in bounded memory. */
class HostileNpzTest {

    @TempDir
    Path tmp;

    @Test
    void npyHeadersThatLieAreRefused() throws IOException {
        assertNpy("huge.npy", npy("<f4", "(4611686018427387904, 4)", new byte[0]), "claims more than");
        assertNpy("negative.npy", npy("<f4", "(-2, 3)", new byte[0]), "has a negative dimension");
        assertNpy("truncated.npy", npy("<f4", "(2, 3)", new byte[20]), "holds 20 data bytes, its header announces"
                + " shape (2, 3) of dtype <f4 (24 bytes)");
        assertNpy("bigendian.npy", npy(">f4", "(2,)", new byte[8]), "unsupported dtype '>f4', expected float32 '<f4'");
        assertNpy("double.npy", npy("<f8", "(2,)", new byte[16]), "unsupported dtype '<f8'");
        assertNpy("short.npy", Arrays.copyOf(npy("<f4", "(2,)", new byte[8]), 9), "no \\x93NUMPY magic");
        byte[] cut = npy("<f4", "(2,)", new byte[8]);
        assertNpy("header.npy", Arrays.copyOf(cut, 40), "truncated .npy header");
    }

    @Test
    void archivesThatClimbOutOrExplodeAreRefused() throws IOException {
        Path climb = zip("climb.npz", "../../etc/evil.npy", npy("<f4", "(1,)", new byte[4]), false);
        assertNpz(climb, "entry '../../etc/evil.npy' has an absolute or '..' name");
        Path absolute = zip("absolute.npz", "/tmp/evil.npy", npy("<f4", "(1,)", new byte[4]), false);
        assertNpz(absolute, "entry '/tmp/evil.npy' has an absolute or '..' name");
        Path other = zip("other.npz", "notes.txt", "hello".getBytes(StandardCharsets.UTF_8), false);
        assertNpz(other, "entry 'notes.txt' is not a .npy array");
        // 200 MiB of zeros compress to about 200 KiB: a thousandfold, refused after reading at most the limit
        byte[] zeros = new byte[200 << 20];
        Path bomb = zip("bomb.npz", "w.npy", npy("<f4", "(52428800,)", zeros), true);
        assertTrue(Files.size(bomb) < (1 << 20), "the bomb is small on disk: " + Files.size(bomb));
        assertNpz(bomb, "expands beyond");
        Files.write(tmp.resolve("notzip.npz"), "<html>not found</html>".getBytes(StandardCharsets.UTF_8));
        assertNpz(tmp.resolve("notzip.npz"), "not a .npz archive");
    }

    @Test
    void anHonestArchiveStillReads() throws IOException {
        byte[] data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).array();
        Path good = zip("good.npz", "w.npy", npy("<f4", "(2,)", data), true);
        assertEquals(-2f, Npz.read(good).get("w").floats()[1]);
    }

    private void assertNpy(String name, byte[] bytes, String expected) throws IOException {
        Path file = Files.write(tmp.resolve(name), bytes);
        String message = assertThrows(IOException.class, () -> Npy.read(file)).getMessage();
        assertTrue(message.startsWith(file + ": ") && message.contains(expected), message);
    }

    private static void assertNpz(Path file, String expected) {
        String message = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(IOException.class, () -> Npz.read(file))).getMessage();
        assertTrue(message.startsWith(file + ": ") && message.contains(expected), message);
    }

    /** A version 1.0 .npy file with the given dtype, shape text and data. */
    private static byte[] npy(String dtype, String shape, byte[] data) {
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    private Path zip(String name, String entry, byte[] bytes, boolean deflate) throws IOException {
        Path file = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry e = new ZipEntry(entry);
            if (!deflate) {
                e.setMethod(ZipEntry.STORED);
                e.setSize(bytes.length);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(bytes);
                e.setCrc(crc.getValue());
            }
            zip.putNextEntry(e);
            zip.write(bytes);
            zip.closeEntry();
        }
        return file;
    }
}
