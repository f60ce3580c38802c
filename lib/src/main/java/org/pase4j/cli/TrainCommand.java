package org.pase4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pase4j.config.PaseConfig;
import org.pase4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pase4j train}: the PASE self-supervised training run of a train.yaml. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains the PASE encoder and its workers as a train.yaml describes.",
            "Writes output_folder/{config.yaml,versions.yaml,losses.csv,save/epoch-N/}; a run whose save folder",
            "holds a checkpoint resumes after it. Overrides: train quick.yaml batch_size=8 seed=7"})
final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "train.yaml, quick.yaml or your own")
    Path config;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "overrides of configuration keys")
    List<String> overrides = List.of();

    @Option(names = "--resume", description = "require a checkpoint to resume from (resuming is automatic when one exists)")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        Trainer trainer = new Trainer(PaseConfig.load(config, overrides));
        if (resume && trainer.latestCheckpoint().isEmpty()) {
            throw new IllegalArgumentException("--resume: no checkpoint in " + trainer.config().outputFolder().resolve("save"));
        }
        Trainer.Result result = trainer.run();
        System.out.println("trained: losses in " + result.outputFolder().resolve("losses.csv") + ", checkpoint "
                + result.checkpoint());
        return 0;
    }
}
