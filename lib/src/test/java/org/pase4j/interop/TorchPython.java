package org.pase4j.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.pase4j.Prerequisites;
import org.pase4j.TestFiles;

/**
 * A Python interpreter with PyTorch and NumPy for the tests that compare pase4j with its PyTorch mirror
 * ({@code python/pase4j_torch}): the system property {@code pase4j.python} if set, else the first of
 * {@code /usr/bin/python3} and {@code python3} that imports both (Debian: {@code apt-get install
 * python3-torch python3-numpy}).
 */
final class TorchPython {

    /** Fails (or, with {@code -Dpase4j.allowMissing=true}, skips) the calling test when there is none. */
    static void require() {
        Prerequisites.require(find().isPresent(), "a Python with PyTorch and NumPy (or set -Dpase4j.python=PATH)",
                "apt-get install python3-torch python3-numpy python3-yaml");
    }

    private static Optional<String> found;

    private TorchPython() {}

    /** @return the interpreter, if there is one */
    static synchronized Optional<String> find() {
        if (found == null) {
            String property = System.getProperty("pase4j.python");
            List<String> candidates = property != null ? List.of(property) : List.of("/usr/bin/python3", "python3");
            found = candidates.stream().filter(TorchPython::importsTorch).findFirst();
        }
        return found;
    }

    private static boolean importsTorch(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the repository's {@code python/} folder: the PyTorch mirror and the checkpoint converter */
    static Path mirror() {
        return TestFiles.repo().resolve("python");
    }

    /** @return {@code lib/src/test/python}: the Python drivers of these tests */
    static Path drivers() {
        return TestFiles.repo().resolve("lib").resolve("src").resolve("test").resolve("python");
    }

    /**
     * Runs a test driver of {@link #drivers()}, or Python code, with {@link #mirror()} on the module path
     * and one PyTorch thread, and waits for it.
     *
     * @param timeoutSeconds how long it may take
     * @param args the driver's file name (or {@code -c} and code), then its arguments
     * @return its output
     * @throws IOException if it fails or times out, with its output
     */
    static String run(int timeoutSeconds, String... args) throws IOException {
        return start(args).await(timeoutSeconds);
    }

    /**
     * Starts what {@link #run} runs, without waiting.
     *
     * @param args the driver's file name (or {@code -c} and code), then its arguments
     * @return the running interpreter
     * @throws IOException if it cannot be started
     */
    static Running start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(find().orElseThrow()));
        for (int i = 0; i < args.length; i++) {
            command.add(i == 0 && !args[0].equals("-c") ? drivers().resolve(args[0]).toString() : args[i]);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PYTHONPATH", mirror().toString());
        builder.environment().put("OMP_NUM_THREADS", "1");
        Path log = Files.createTempFile("pase4j-python", ".log");
        return new Running(command, builder.redirectOutput(log.toFile()).start(), log);
    }

    /** A started interpreter. */
    static final class Running {

        private final List<String> command;
        private final Process process;
        private final Path log;

        private Running(List<String> command, Process process, Path log) {
            this.command = command;
            this.process = process;
            this.log = log;
        }

        /**
         * Waits for the interpreter to finish.
         *
         * @param timeoutSeconds how long it may still take
         * @return its output
         * @throws IOException if it failed or timed out (it is then killed), with its output
         */
        String await(int timeoutSeconds) throws IOException {
            try {
                boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
                if (!done) {
                    process.destroyForcibly();
                }
                String output = Files.readString(log, StandardCharsets.UTF_8);
                if (!done || process.exitValue() != 0) {
                    throw new IOException(String.join(" ", command) + (done ? " failed with exit code "
                            + process.exitValue() : " timed out after " + timeoutSeconds + " s") + ":\n" + output);
                }
                return output;
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command, e);
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }
}
