package org.pase4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pase4j.data.DataPreparer;
import org.pase4j.data.Manifests;
import org.pase4j.data.Splits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pase4j prepare}: writes seeded train/valid/test manifests of a LibriSpeech-layout corpus. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {"Writes seeded train/valid/test manifests of a LibriSpeech-layout corpus.",
            "train.csv, valid.csv and test.csv (ID, wav, duration, spk_id) list every utterance below",
            "DATA_FOLDER, split by utterance; up-to-date manifests are reused unless --force is given."})
final class PrepareCommand implements Callable<Integer> {

    @Option(names = "--data-folder", required = true, paramLabel = "DIR", description = "the corpus root")
    Path dataFolder;

    @Option(names = "--out", paramLabel = "DIR", description = "where the manifests go (default: DATA_FOLDER/manifests)")
    Path out;

    @Option(names = "--seed", defaultValue = "1986", description = "split seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--train", defaultValue = "0.8", description = "training fraction (default: ${DEFAULT-VALUE})")
    double train;

    @Option(names = "--valid", defaultValue = "0.1", description = "validation fraction (default: ${DEFAULT-VALUE})")
    double valid;

    @Option(names = "--force", description = "prepare again even if the manifests are up to date")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Path folder = out != null ? out : dataFolder.resolve("manifests");
        DataPreparer.Prepared prepared = new DataPreparer(new Splits(train, valid), seed).prepare(dataFolder, folder, force);
        System.out.println((prepared.skipped() ? "manifests up to date in " : "wrote manifests to ") + folder);
        System.out.println(Manifests.summary(prepared.splits()).print());
        return 0;
    }
}
