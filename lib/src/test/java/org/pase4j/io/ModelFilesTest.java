package org.pase4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.downstream.TinyCheckpoint;
import org.pase4j.interop.StateDict;
import org.pase4j.model.Encoder;
import org.pase4j.model.ModelSpec;
import org.pase4j.model.PaseModel;

class ModelFilesTest {

    @TempDir
    Path tmp;

    @Test
    void oneCallLoadsAnEncoderOrAWholeModelFromEveryPlaceItIsKept() throws IOException {
        Path run = tmp.resolve("run");
        Path checkpoint = TinyCheckpoint.train(run);
        assertEquals(checkpoint, ModelFiles.checkpoint(run), "a training output folder means its newest checkpoint");
        assertEquals(checkpoint, ModelFiles.checkpoint(run.resolve("save")));
        assertEquals(List.of(checkpoint), ModelFiles.checkpoints(run.resolve("save")));
        try (NDManager manager = NDManager.newBaseManager()) {
            PaseModel model = ModelFiles.loadModel(run, manager);
            Map<String, float[]> expected = parameters(StateDict.of(model));
            assertEquals(List.of("toy"), model.workers().stream().map(w -> w.name()).toList());
            Path wholeNpz = tmp.resolve("model.npz");
            Path encoderNpz = tmp.resolve("encoder.npz");
            ModelFiles.exportModel(model, wholeNpz);
            ModelFiles.exportEncoder(model.encoder(), encoderNpz);
            Map<String, float[]> back = parameters(StateDict.of(ModelFiles.loadModel(wholeNpz, manager)));
            assertEquals(expected.keySet(), back.keySet());
            expected.forEach((key, values) -> assertArrayEquals(values, back.get(key), "the .npz's " + key));
            for (Path source : List.of(checkpoint, run, wholeNpz, encoderNpz)) {
                Encoder encoder = ModelFiles.loadEncoder(source, manager);
                parameters(StateDict.of(encoder, StateDict.ENCODER)).forEach((key, values) ->
                        assertArrayEquals(expected.get(key), values, source + ": " + key));
            }
            assertEquals(ModelSpec.from(ModelFiles.config(run)), ModelSpec.from(ModelFiles.config(wholeNpz)),
                    "the training configuration and the .npz's describe the same model");
        }
    }

    @Test
    void aFolderWithoutCheckpointsSaysWhatIsExpected() throws IOException {
        Files.createDirectories(tmp.resolve("empty"));
        String message = assertThrows(IOException.class, () -> ModelFiles.checkpoint(tmp.resolve("empty"))).getMessage();
        assertTrue(message.startsWith("no encoder in " + tmp.resolve("empty") + ": expected a checkpoint folder with "
                + "encoder.params"), message);
    }

    private static Map<String, float[]> parameters(StateDict dict) {
        Map<String, float[]> out = new java.util.TreeMap<>();
        dict.parameters().forEach((key, p) -> out.put(key, p.getArray().toFloatArray()));
        return out;
    }
}
