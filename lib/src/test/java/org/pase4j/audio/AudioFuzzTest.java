package org.pase4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;

/**
 * A seeded fuzz test of the audio reader: 1200 mutations (truncations, bit flips, header edits, inserted
 * and deleted bytes) of a real FLAC file of the bundled corpus and of a WAV file. Every case must either
 * decode or raise an {@link AudioFileException} naming the file, within 30 s (they take milliseconds), and print
 * nothing.
 */
class AudioFuzzTest {

    private static final int CASES_PER_FORMAT = 600;
    private static final long SECONDS_PER_CASE = 30;

    @TempDir
    Path tmp;

    @Test
    void everyMutationDecodesOrFailsWithTheFileNamed() throws Exception {
        byte[] flac;
        try (Stream<Path> files = Files.walk(TestFiles.bundledCorpus())) {
            Path first = files.filter(p -> p.toString().endsWith(".flac")).sorted().findFirst().orElseThrow();
            flac = Files.readAllBytes(first);
        }
        byte[] wav = wav(8000, 3);
        int decoded = 0;
        int refused = 0;
        List<String> problems = new ArrayList<>();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz");
            t.setDaemon(true);
            return t;
        });
        try {
            System.setOut(new PrintStream(printed, true));
            System.setErr(new PrintStream(printed, true));
            SplittableRandom rng = new SplittableRandom(2026);
            for (String type : List.of("flac", "wav")) {
                byte[] original = type.equals("flac") ? flac : wav;
                for (int i = 0; i < CASES_PER_FORMAT; i++) {
                    String how = mutation(rng);
                    Path file = Files.write(tmp.resolve("case-" + type + "-" + i + "." + type), mutate(original, how, rng));
                    Future<float[]> result = pool.submit(() -> AudioReader.read(file));
                    try {
                        float[] samples = result.get(SECONDS_PER_CASE, TimeUnit.SECONDS);
                        if (samples == null) {
                            problems.add(file.getFileName() + " (" + how + "): null samples");
                        }
                        decoded++;
                    } catch (TimeoutException e) {
                        Files.copy(file, Path.of(System.getProperty("java.io.tmpdir"), "pase4j-fuzz-hang." + type),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        fail(file.getFileName() + " (" + how + "): no answer in " + SECONDS_PER_CASE + " s");
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof AudioFileException a && a.getMessage().startsWith(file.toString())) {
                            refused++;
                        } else {
                            problems.add(file.getFileName() + " (" + how + "): " + e.getCause());
                        }
                    }
                    Files.delete(file);
                }
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            pool.shutdownNow();
        }
        assertEquals(List.of(), problems, "cases that threw something else than AudioFileException naming the file");
        assertEquals(2 * CASES_PER_FORMAT, decoded + refused);
        assertTrue(refused > 100 && decoded > 100, decoded + " decoded, " + refused + " refused: both kinds are exercised");
        assertEquals("", printed.toString(), "the codec printed to stdout or stderr");
    }

    private static String mutation(SplittableRandom rng) {
        return List.of("truncate", "flip", "header", "insert", "delete").get(rng.nextInt(5));
    }

    private static byte[] mutate(byte[] original, String how, SplittableRandom rng) {
        byte[] b = original.clone();
        switch (how) {
            case "truncate" -> {
                return java.util.Arrays.copyOf(b, rng.nextInt(b.length));
            }
            case "flip" -> {
                for (int k = 1 + rng.nextInt(8); k > 0; k--) {
                    int at = rng.nextInt(b.length);
                    b[at] ^= (byte) (1 << rng.nextInt(8));
                }
                return b;
            }
            case "header" -> {
                for (int k = 1 + rng.nextInt(4); k > 0; k--) {
                    b[rng.nextInt(Math.min(64, b.length))] = (byte) rng.nextInt(256);
                }
                return b;
            }
            case "insert" -> {
                int at = rng.nextInt(b.length);
                byte[] junk = new byte[1 + rng.nextInt(32)];
                rng.nextBytes(junk);
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(b, 0, at);
                o.writeBytes(junk);
                o.write(b, at, b.length - at);
                return o.toByteArray();
            }
            default -> {
                int at = rng.nextInt(b.length);
                int n = Math.min(b.length - at, 1 + rng.nextInt(32));
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(b, 0, at);
                o.write(b, at + n, b.length - at - n);
                return o.toByteArray();
            }
        }
    }

    /** A 16 kHz mono 16-bit WAV file of a tone. */
    private static byte[] wav(int samples, int seed) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16000).putInt(32000)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * samples);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (8000 * Math.sin(i * 0.01 * seed)));
        }
        return b.array();
    }
}
