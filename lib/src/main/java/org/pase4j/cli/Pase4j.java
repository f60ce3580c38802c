package org.pase4j.cli;

import org.pase4j.util.MallocSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pase4j} command: {@code java -jar pase4j.jar <subcommand> ...}.
 */
@Command(name = "pase4j", mixinStandardHelpOptions = true, versionProvider = Pase4j.Version.class,
        description = "PASE self-supervised speech representation learning.",
        subcommands = {DownloadCommand.class, PrepareCommand.class, InfoCommand.class, TrainCommand.class, EvaluateCommand.class,
            EmbedCommand.class, BenchCommand.class, ExportCommand.class,
            CommandLine.HelpCommand.class})
public final class Pase4j {

    /**
     * Runs the command line, first restarting the JVM with {@link MallocSettings} where its environment lacks
     * them.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        MallocSettings.relaunchIfNeeded("pase4j");
        System.exit(run(args));
    }

    /**
     * Runs the command line without exiting, for tests and notebooks.
     *
     * @param args the arguments
     * @return the exit code: 0 on success, 1 on a failed job, 2 on bad usage
     */
    public static int run(String... args) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        return new CommandLine(new Pase4j())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    String message = e.getMessage();
                    if (message == null) {  // not one of ours: a bug, so show where
                        e.printStackTrace(cmd.getErr());
                        message = e.toString();
                    }
                    cmd.getErr().println(cmd.getColorScheme().errorText("error: " + message));
                    return 1;
                })
                .execute(args);
    }

    /** Prints the version recorded in the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Pase4j.class.getPackage().getImplementationVersion();
            return new String[] {"pase4j " + (v == null ? "(development build)" : v),
                "Java " + Runtime.version(), "malloc: " + MallocSettings.describe()};
        }
    }
}
