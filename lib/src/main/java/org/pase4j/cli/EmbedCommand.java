package org.pase4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pase4j.audio.AudioReader;
import org.pase4j.downstream.CorpusEmbedder;
import org.pase4j.downstream.CorpusEmbedder.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pase4j embed}: writes a trained encoder's frames of every audio file as NumPy {@code .npy} files;
 * the work is {@link CorpusEmbedder}'s.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embeds 16 kHz audio with a trained encoder: one NumPy .npy file per .flac/.wav file.",
            "OUT/<folders below INPUT>/<file stem>.npy holds a float32 array of shape (frames, emb_dim),",
            "little-endian '<f4', C order: row i is frame i (10 ms hop, frames = ceil(samples / 160)), so the",
            "recipe gives 100 rows of 100 values per second of audio. Load it with numpy.load(path) in Python or",
            "org.pase4j.downstream.Npy.read(path) in Java. A .npy newer than its audio file and the encoder is",
            "kept unless --force is given."})
final class EmbedCommand implements Callable<Integer> {

    @Option(names = "--encoder", required = true, paramLabel = "PATH",
            description = "a checkpoint folder (save/epoch-N), a training output folder (its newest checkpoint) or a .npz"
                    + " file (pase4j export, pase4j_torch.save)")
    Path encoder;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "a .flac/.wav file, or a folder searched recursively for them")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the .npy files go")
    Path out;

    @Option(names = "--force", description = "embed again even where the .npy file is up to date")
    boolean force;

    @Option(names = "--batch", paramLabel = "N",
            description = "the most files per encoder pass (default: ${DEFAULT-VALUE}): files of similar lengths, each"
                    + " zero-padded to the longest, which changes the last 7-8 frames of the shorter ones a little"
                    + " (docs/embeddings.md); 1 embeds each file alone")
    int batch = CorpusEmbedder.DEFAULT_BATCH;

    @Option(names = "--batch-seconds", paramLabel = "S",
            description = "the most padded audio per pass, files x longest (default: ${DEFAULT-VALUE}); the recipe"
                    + " encoder needs about 12 MB of memory per second; a longer file is embedded alone")
    double batchSeconds = CorpusEmbedder.DEFAULT_BATCH_SAMPLES / (double) AudioReader.SAMPLE_RATE;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Summary s = CorpusEmbedder.builder().setInput(input).setOutput(out).optForce(force).optBatch(batch)
                .optBatchSamples(Math.round(batchSeconds * AudioReader.SAMPLE_RATE)).build().run(encoder);
        PrintWriter o = spec.commandLine().getOut();
        if (s.embedded() == 0) {
            o.printf(Locale.ROOT, "all %s in %s up to date (--force embeds again)%n", files(s.upToDate(), ".npy "), out);
        } else {
            o.printf(Locale.ROOT, "embedded %s into %s: %.1f s of audio in %.1f s, real-time factor %.3f%s%n",
                    files(s.embedded(), ""), out, s.audioSeconds(), s.seconds(), s.realTimeFactor(),
                    s.upToDate() > 0 ? "; " + s.upToDate() + " up to date" : "");
        }
        o.flush();
        return 0;
    }

    private static String files(int n, String kind) {
        return n + " " + kind + (n == 1 ? "file" : "files");
    }
}
