package org.pase4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pase4j.downstream.EvaluationReport;
import org.pase4j.downstream.SpeakerIdEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pase4j evaluate}: downstream speaker classification with baselines. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Speaker classification and verification with a trained encoder, MFCCs and a random-init",
            "encoder. Same per-speaker splits and classifiers for all (the recipe's flatten classifier and a pooled",
            "logistic probe), verification by cosine scoring of pooled embeddings (EER, minDCF at p_target 0.01) on",
            "all pairs of the test split or on --trials, mean and std over split seeds; writes results.csv,",
            "results.json, confusion.png, accuracy.png and det.png to --out."})
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--encoder", required = true, paramLabel = "PATH",
            description = "a checkpoint folder, a training output folder (its newest checkpoint) or a .npz file"
                    + " (pase4j export, pase4j_torch.save)")
    Path encoder;

    @Option(names = "--data-folder", required = true, paramLabel = "DIR", description = "a LibriSpeech-layout corpus")
    Path dataFolder;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: ENCODER/evaluation)")
    Path out;

    @Option(names = "--seeds", defaultValue = "3", description = "split seeds (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--seed", defaultValue = "1986", description = "first split seed (default: ${DEFAULT-VALUE})")
    int seed;

    @Option(names = "--epochs", defaultValue = "50",
            description = "recipe classifier epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--mode", defaultValue = "frozen",
            description = "frozen (the representation as it is) or finetune (the recipe) (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--trials", paramLabel = "FILE",
            description = "verification trials, one 'label path1 path2' a line (VoxCeleb format: label 1 for the same"
                    + " speaker, 0 otherwise; paths relative to --data-folder); default: all pairs of each test split")
    Path trials;

    @Override
    public Integer call() throws Exception {
        if (!mode.equals("frozen") && !mode.equals("finetune")) {
            throw new IllegalArgumentException("--mode '" + mode + "', expected frozen or finetune");
        }
        var defaults = SpeakerIdEvaluation.Options.defaults();
        SpeakerIdEvaluation.Report report = new SpeakerIdEvaluation(new SpeakerIdEvaluation.Options(seeds, seed, epochs,
                mode.equals("finetune"), defaults.cropStart(), defaults.cropLength(), trials)).run(encoder, dataFolder);
        Path folder = out != null ? out : encoder.resolve("evaluation");
        EvaluationReport.write(report, folder);
        System.out.println(EvaluationReport.table(report).printAll());
        System.out.println("written to " + folder);
        return 0;
    }
}
