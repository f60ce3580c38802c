package org.pase4j.downstream;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.pase4j.io.ModelFiles;

/**
 * Lets DJL's {@code Criteria} load a pase4j encoder: builds the model's {@link EmbeddingBlock} with the
 * architecture and parameters read by {@link ModelFiles#loadEncoder}, into the model's own
 * {@code NDManager} (freed when the {@code ZooModel} is closed, on the {@code Criteria}'s device).
 * {@link PaseTranslator#criteria} sets it up; by hand it is
 * {@code .optArgument("blockFactory", new PaseBlockFactory())} (or the class name, e.g. in a
 * {@code serving.properties}) together with {@code .optOption("hasParameter", "false")}, which tells
 * DJL's {@code Model.load} that the block's parameters are already there and not in a
 * {@code <name>-NNNN.params} file of DJL's own format.
 *
 * <p>DJL hands the factory the folder of the model path: the path itself for a checkpoint folder or a
 * training output folder (its newest checkpoint is used, as everywhere in pase4j; DJL steps into a
 * folder whose only entry is a folder, e.g. {@code save/} holding one {@code epoch-N}), and the parent
 * folder for a {@code .npz} file, whose name DJL gives the model. Naming the model otherwise
 * ({@code Criteria.optModelName}) therefore hides a {@code .npz} file from this factory.
 */
public final class PaseBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** Creates the factory; it holds no state. */
    public PaseBlockFactory() {}

    /**
     * Loads the encoder at the model path.
     *
     * @param model the model being created; the parameters go into its manager
     * @param modelPath the model's folder, as DJL resolves it
     * @param arguments the {@code Criteria}'s arguments (unused)
     * @return the block, initialised, with the trained parameters
     * @throws IOException if no encoder is found there or its files do not fit together
     */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        return new EmbeddingBlock(ModelFiles.loadEncoder(source(model.getName(), modelPath), model.getNDManager()));
    }

    /**
     * The file or folder an encoder is read from.
     *
     * @param modelName the model's name: the file name when DJL was given a file
     * @param modelPath the model's folder, or a {@code .npz} file
     * @return the {@code .npz} file or the checkpoint folder
     * @throws IOException if there is neither
     */
    static Path source(String modelName, Path modelPath) throws IOException {
        if (ModelFiles.isNpz(modelPath)) {
            return modelPath;
        }
        if (modelName != null && modelName.endsWith(".npz") && Files.isRegularFile(modelPath.resolve(modelName))) {
            return modelPath.resolve(modelName);
        }
        return ModelFiles.checkpoint(modelPath);
    }
}
