import java.nio.file.Path;
import org.pase4j.downstream.PretrainedEncoder;
import org.pase4j.io.ModelFiles;
import org.pase4j.model.EncoderConfig;

/**
 * Writes the recipe's encoder at random initialisation to a .npz file: the same work per second of audio as a
 * trained one, for measuring throughput without a training run. Run in source-file mode:
 * {@code java -cp 'lib/target/pase4j.jar:lib/target/lib/*' spark/bench/RandomEncoder.java OUT.npz}.
 */
public final class RandomEncoder {

    private RandomEncoder() {}

    /**
     * @param args the .npz file to write
     * @throws Exception if it cannot be written
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        try (PretrainedEncoder encoder = PretrainedEncoder.random(EncoderConfig.recipe(), 1986)) {
            ModelFiles.exportEncoder(encoder.block(), Path.of(args[0]));
        }
    }
}
