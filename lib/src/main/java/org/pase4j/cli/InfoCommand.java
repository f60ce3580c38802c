package org.pase4j.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pase4j.config.PaseConfig;
import org.pase4j.model.ModelSummary;
import org.pase4j.model.PaseModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pase4j info}: prints the model a configuration describes. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Prints a model summary: each encoder module and worker with its output shape and parameters.",
            "Shapes are for one (anchor, positive, negative) triple of chunk_size samples."})
final class InfoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "train.yaml or another configuration")
    Path config;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "overrides, e.g. chunk_size=32000")
    List<String> overrides = List.of();

    @Override
    public Integer call() throws Exception {
        PaseConfig pase = PaseConfig.load(config, overrides);
        int chunkSize = pase.training().chunkSize();
        PaseModel model = new PaseModel(pase.model());
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, chunkSize);
            System.out.println(ModelSummary.table(ModelSummary.rows(model, chunkSize)).printAll());
        }
        return 0;
    }
}
