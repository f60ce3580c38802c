package org.pase4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.pase4j.bench.BenchReport;
import org.pase4j.bench.Benchmark;
import org.pase4j.util.FileTrees;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pase4j bench}: times the model of a configuration on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks a configuration's model on real batches: encoder forward, training step, labellers,",
            "data loading, a matrix-multiply peak and, with --only embed, embedding the corpus (one file at a time",
            "and in padded batches), with --only memory, resident memory over many steps.",
            "Timings are medians over --repeats runs after --warmup runs. Writes OUT/bench.json and OUT/bench.md.",
            "bench/side_by_side.sh compares these numbers with the same network in PyTorch."})
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "the configuration (default: train.yaml)")
    Path config = Path.of("train.yaml");

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "overrides, e.g. chunk_size=32000")
    List<String> overrides = List.of();

    @Option(names = "--data-folder", paramLabel = "DIR", description = "corpus the batches come from (default: ${DEFAULT-VALUE})")
    Path dataFolder = Path.of("data/LibriSynth");

    @Option(names = "--threads", paramLabel = "N", description = "libtorch intra-op threads (default: libtorch's choice)")
    Integer threads;

    @Option(names = "--batch", paramLabel = "N", description = "triples per batch (default: ${DEFAULT-VALUE}, i.e. 3x8 chunks)")
    int batch = 8;

    @Option(names = "--warmup", paramLabel = "N", description = "untimed runs first (default: ${DEFAULT-VALUE})")
    int warmup = 2;

    @Option(names = "--repeats", paramLabel = "N", description = "timed runs (default: ${DEFAULT-VALUE})")
    int repeats = 5;

    @Option(names = "--only", split = ",", paramLabel = "MEASURE",
            description = "measures to run, from peak, encoder, step, labellers, loading, embed, memory"
                    + " (default: all but embed and memory)")
    List<String> only = List.of("peak", "encoder", "step", "labellers", "loading");

    @Option(names = "--memory-steps", paramLabel = "N", description = "training steps of the memory measure (default: ${DEFAULT-VALUE})")
    int memorySteps = 1000;

    @Option(names = "--memory-batch", paramLabel = "N", description = "triples per batch of the memory measure (default: ${DEFAULT-VALUE})")
    int memoryBatch = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "where bench.json and bench.md go (default: ${DEFAULT-VALUE})")
    Path out = Path.of("results/bench");

    @Override
    public Integer call() throws Exception {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads " + threads + ", expected >= 1");
            }
            System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Set<String> measures = new LinkedHashSet<>(only);
        Benchmark bench = new Benchmark(new Benchmark.Options(config, overrides, dataFolder, batch, warmup, repeats,
                measures, memorySteps, memoryBatch));
        Path manifests = Files.createTempDirectory("pase4j-bench");
        try {
            BenchReport report = bench.run(manifests);
            report.write(out);
            System.out.println(report.markdown());
            System.out.println("wrote " + out.resolve("bench.json") + " and " + out.resolve("bench.md"));
        } finally {
            FileTrees.delete(manifests);
        }
        return 0;
    }
}
