package org.pase4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pase4j.interop.StateDict;
import org.pase4j.io.ModelFiles;
import org.pase4j.model.Encoder;
import org.pase4j.model.PaseModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pase4j export}: writes a checkpoint's encoder (and workers) as a NumPy {@code .npz} file for PyTorch. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Exports a trained encoder, and with --workers its workers too, to a NumPy .npz file:",
            "one float32 array per parameter under the PyTorch mirror's state_dict key, and the configuration.",
            "In Python (python/ on sys.path): encoder = pase4j_torch.load_encoder('FILE.npz').",
            "pase4j reads such files back wherever it takes an encoder (embed, evaluate --encoder FILE.npz).",
            "See docs/interop.md."})
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, paramLabel = "PATH",
            description = "a checkpoint folder (save/epoch-N) or a training output folder (its newest checkpoint)")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the .npz file to write")
    Path out;

    @Option(names = "--workers", description = "export the workers too (the whole model)")
    boolean workers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!out.getFileName().toString().endsWith(".npz")) {
            throw new IOException("--out " + out + ": expected a file name ending in .npz");
        }
        Path folder = ModelFiles.checkpoint(checkpoint);
        int parameters;
        try (NDManager manager = NDManager.newBaseManager()) {
            if (workers) {
                PaseModel model = ModelFiles.loadModel(folder, manager);
                ModelFiles.exportModel(model, out);
                parameters = StateDict.of(model).parameters().size();
            } else {
                Encoder encoder = ModelFiles.loadEncoder(folder, manager);
                ModelFiles.exportEncoder(encoder, out);
                parameters = StateDict.of(encoder, StateDict.ENCODER).parameters().size();
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println("exported " + (workers ? "the encoder and workers" : "the encoder") + " of " + folder + " to " + out
                + " (" + parameters + " arrays)");
        o.flush();
        return 0;
    }
}
