package org.pase4j.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The command line of {@link SparkEmbed#main}: its options set a {@link SparkEmbed.Builder}. */
@Command(name = "pase4j-spark",
        description = {"Embeds 16 kHz audio with a trained encoder on Apache Spark into one Parquet",
            "table, a row per file: path, frames, dimension, embedding ([frame][dimension]",
            "floats), pooled (means, then standard deviations over frames) and error (null",
            "when fine). Files already in the output are skipped, the others appended.",
            "Run it with spark-submit (spark/README.md)."})
final class SparkEmbedCommand implements Callable<Integer> {

    @Option(names = "--encoder", required = true, paramLabel = "PATH",
            description = "a checkpoint folder, a training output folder or a .npz file (path or Hadoop URI);"
                    + " shipped to the executors by the job")
    String encoder;

    @ArgGroup(multiplicity = "1")
    Input input;

    @Option(names = "--paths-format", paramLabel = "FORMAT",
            description = "how --paths is stored: ${COMPLETION-CANDIDATES} (default: csv for .csv, parquet for"
                    + " .parquet, else text)")
    PathsFormat pathsFormat;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "the Parquet table's folder (path or Hadoop URI), created or appended to")
    String out;

    @Option(names = "--partitions", paramLabel = "N",
            description = "tasks sharing the files to embed (default: 4 per core, at most one per file)")
    Integer partitions;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Spec
    CommandSpec spec;

    /** The files to embed: a folder or a table of paths. */
    static final class Input {
        @Option(names = "--input", required = true, paramLabel = "PATH",
                description = "a .flac/.wav file or a folder searched recursively for them (path or Hadoop URI)")
        String folder;

        @Option(names = "--paths", required = true, paramLabel = "TABLE",
                description = "a table (text, CSV or Parquet) with a 'path' column of absolute audio paths or URIs")
        String table;
    }

    /**
     * Runs the command line without exiting.
     *
     * @param args the arguments
     * @return the exit code: 0 on success, 1 on a failed job, 2 on bad usage
     */
    static int run(String... args) {
        return new CommandLine(new SparkEmbedCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    String message = e.getMessage();
                    if (message == null) {  // not one of ours: a bug, so show where
                        e.printStackTrace(cmd.getErr());
                        message = e.toString();
                    }
                    cmd.getErr().println("error: " + message);
                    return 1;
                })
                .execute(args);
    }

    @Override
    public Integer call() throws IOException {
        SparkEmbed.Builder builder = SparkEmbed.builder().setEncoder(encoder).setOutput(out);
        if (input.folder != null) {
            builder.setInput(input.folder);
        } else {
            builder.setPaths(input.table).optPathsFormat(pathsFormat);
        }
        if (partitions != null) {
            builder.optPartitions(partitions);
        }
        SparkEmbed job = builder.build();
        SparkSession spark = SparkSession.builder().appName("pase4j-spark embed").getOrCreate();
        try {
            SparkEmbed.Summary s = job.run(spark);
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "%d files in the input, %d already in %s; embedded %d, failed %d%s in %.1f s:"
                    + " %.2f files/s%n", s.listed(), s.skipped(), out, s.embedded(), s.failed(),
                    s.failed() > 0 ? " (their error column says why)" : "", s.seconds(), s.filesPerSecond());
            o.flush();
            return 0;
        } finally {
            spark.stop();
        }
    }
}
