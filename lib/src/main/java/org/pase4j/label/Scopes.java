package org.pase4j.label;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/** Runs NDArray computations that leave nothing behind but their result. */
final class Scopes {

    private Scopes() {}

    /**
     * Runs a computation in an {@link NDScope}: every array it creates is closed afterwards except its
     * result, which stays with the manager it was made in.
     *
     * @param computation makes the result from any number of temporaries
     * @return the result
     */
    static NDArray keepResult(Supplier<NDArray> computation) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray result = computation.get();
            NDScope.unregister(result);
            return result;
        }
    }
}
