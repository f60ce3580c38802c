package org.pase4j.model;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineProvider;
import ai.djl.pytorch.engine.PtEngineProvider;
import org.pase4j.util.MallocSettings;

/**
 * DJL's PyTorch engine, provided with {@link MklDispatch} applied first. DJL instantiates every
 * {@link EngineProvider} on the class path (ServiceLoader, {@code META-INF/services}) the first time any code
 * asks for an engine, before it loads a native library, so this constructor runs before libtorch loads
 * whether a program starts with a pase4j class or with DJL's own {@code NDManager}. The engine itself is
 * DJL's: this provider has PyTorch's name and rank and hands out the same engine instance, so whichever of
 * the two providers DJL registers, nothing else changes.
 */
public final class PyTorchProvider implements EngineProvider {

    private final PtEngineProvider pytorch = new PtEngineProvider();

    /** Applies {@link MklDispatch} and says whether the JVM lacks {@link MallocSettings}. */
    public PyTorchProvider() {
        MklDispatch.apply();
        MallocSettings.adviseIfMissing();
    }

    @Override
    public String getEngineName() {
        return pytorch.getEngineName();
    }

    @Override
    public int getEngineRank() {
        return pytorch.getEngineRank();
    }

    @Override
    public Engine getEngine() {
        return pytorch.getEngine();
    }
}
