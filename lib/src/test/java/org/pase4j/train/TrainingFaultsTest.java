package org.pase4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;
import org.pase4j.TinyRuns;
import org.pase4j.config.PaseConfig;
import org.pase4j.io.ModelFiles;

/** Faults during training: each is named, the previous good state stays intact, and the run goes on from it. */
class TrainingFaultsTest {

    @TempDir
    Path tmp;

    private static Map<String, Object> config(Path out, int epochs) {
        Map<String, Object> yaml = TinyRuns.config(out, epochs);
        yaml.put("num_ckpts_keep", 5);
        return yaml;
    }

    @Test
    void aCheckpointDamagedAfterItWasWrittenIsDetectedAndTheRunFallsBackToTheNewestGoodOne() throws IOException {
        Path straight = tmp.resolve("straight");
        new Trainer(PaseConfig.from(config(straight, 3))).run();
        for (String damage : List.of("flip", "truncate")) {
            Path out = tmp.resolve(damage);
            new Trainer(PaseConfig.from(config(out, 2))).run();
            Path params = out.resolve("save/epoch-0002/encoder.params");
            byte[] bytes = Files.readAllBytes(params);
            if (damage.equals("flip")) {
                bytes[bytes.length / 2] ^= 0x10;
                Files.write(params, bytes);
            } else {
                Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length - 100));
            }
            String message = assertThrows(IOException.class,
                    () -> ModelFiles.loadEncoder(out, NDManager.newBaseManager())).getMessage();
            assertTrue(message.startsWith(params + " was damaged after it was written: SHA-256 "), message);
            assertEquals(out.resolve("save/epoch-0001"), new Trainer(PaseConfig.from(config(out, 3))).latestCheckpoint()
                    .orElseThrow(), "the newest intact checkpoint");
            Trainer.Result resumed = new Trainer(PaseConfig.from(config(out, 3))).run();
            assertEquals(List.of(2, 3), resumed.history().stream().map(EpochResult::epoch).toList(),
                    "resumed after epoch 1, the damaged epoch 2 trained again");
            assertEquals(TinyRuns.lossRows(straight), TinyRuns.lossRows(out), damage + ": the same losses as an uninterrupted run");
        }
    }

    @Test
    void aDiskThatFillsUpWhileACheckpointIsWrittenStopsTheRunAndKeepsThePreviousCheckpoint() throws IOException {
        Path out = tmp.resolve("full");
        Map<String, Object> yaml = config(out, 3);
        yaml.put("toy_model", Map.of("class", DiskFullWorker.class.getName()));
        DiskFullWorker.SAVES_LEFT.set(1);
        try {
            String message = assertThrows(IOException.class, () -> new Trainer(PaseConfig.from(yaml)).run()).getMessage();
            assertTrue(message.startsWith("the checkpoint of epoch 2 could not be written (No space left on device); "
                    + "the newest checkpoint, " + out.resolve("save/epoch-0001") + ", is intact"), message);
        } finally {
            DiskFullWorker.SAVES_LEFT.set(Integer.MAX_VALUE);
        }
        try (Stream<Path> s = Files.list(out.resolve("save"))) {
            assertEquals(List.of("epoch-0001"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary folder left beside the good checkpoint");
        }
        Trainer.Result resumed = new Trainer(PaseConfig.from(yaml)).run();
        assertEquals(List.of(2, 3), resumed.history().stream().map(EpochResult::epoch).toList());
    }

    @Test
    void aSecondRunOnALiveRunsFolderIsRefusedAndADeadRunsLockIsTakenOver() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("shared"));
        try (RunLock first = RunLock.acquire(out)) {
            String message = assertThrows(IllegalStateException.class, () -> RunLock.acquire(out)).getMessage();
            assertTrue(message.startsWith("output folder " + out + " is in use by another training run (process "
                    + ProcessHandle.current().pid() + ", started "), message);
            String viaTrainer = assertThrows(IllegalStateException.class,
                    () -> new Trainer(PaseConfig.from(config(out, 1))).run()).getMessage();
            assertTrue(viaTrainer.startsWith("output folder " + out + " is in use"), viaTrainer);
        }
        Files.writeString(out.resolve(RunLock.FILE), "process 999999999, started 2026-01-01T00:00:00Z\n");
        try (RunLock taken = RunLock.acquire(out)) {
            assertTrue(Files.readString(out.resolve(RunLock.FILE)).startsWith("process " + ProcessHandle.current().pid()));
        }
        // a lock held by another process: the file is locked at the system level, not only named
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path holder = Files.writeString(tmp.resolve("Hold.java"), """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Hold {
                    public static void main(String[] a) throws Exception {
                        try (FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE);
                                var lock = c.lock()) {
                            System.out.println("locked");
                            Thread.sleep(60_000);
                        }
                    }
                }
                """);
        Process other = new ProcessBuilder(java.toString(), holder.toString(), out.resolve(RunLock.FILE).toString())
                .redirectErrorStream(true).start();
        try {
            assertEquals("locked", new String(other.getInputStream().readNBytes(6)));
            assertThrows(IllegalStateException.class, () -> RunLock.acquire(out));
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void anAudioFileThatBecomesUnreadableMidRunIsNamedAndTheCheckpointsStay() throws IOException {
        Path corpus = tmp.resolve("corpus");
        try (Stream<Path> files = Files.walk(TestFiles.bundledCorpus())) {
            files.filter(Files::isRegularFile).forEach(f -> TestFiles.copy(f,
                    corpus.resolve(TestFiles.bundledCorpus().relativize(f).toString())));
        }
        Path out = tmp.resolve("run");
        Map<String, Object> yaml = config(out, 1);
        yaml.put("data_folder", corpus.toString());
        yaml.put("audio_cache_mb", 0);
        new Trainer(PaseConfig.from(yaml)).run();
        List<Path> flacs;
        try (Stream<Path> files = Files.walk(corpus)) {
            flacs = files.filter(f -> f.toString().endsWith(".flac")).toList();
        }
        for (Path f : flacs) {
            Files.write(f, "not audio any more".getBytes());
        }
        yaml.put("number_of_epochs", 2);
        Exception e = assertThrows(Exception.class, () -> new Trainer(PaseConfig.from(yaml)).run());
        String message = e.getMessage();
        assertTrue(flacs.stream().anyMatch(f -> message.contains(f.toString())) && message.contains("not a valid FLAC"),
                e.getClass().getSimpleName() + ": " + message);
        assertEquals(out.resolve("save/epoch-0001"), new Trainer(PaseConfig.from(yaml)).latestCheckpoint().orElseThrow(),
                "the checkpoint is intact");
    }
}
