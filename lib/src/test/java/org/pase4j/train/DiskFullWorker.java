package org.pase4j.train;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.pase4j.model.ToyWorker;
import org.pase4j.util.Options;

/** The toy worker on a disk that fills up: after {@link #SAVES_LEFT} more checkpoints, writing it fails. */
public final class DiskFullWorker extends ToyWorker {

    /** Checkpoints this worker may still be written into. */
    static final AtomicInteger SAVES_LEFT = new AtomicInteger(Integer.MAX_VALUE);

    /**
     * @param options as the toy worker's
     * @param embDim the encoder's output size
     */
    public DiskFullWorker(Options options, int embDim) {
        super(options, embDim);
    }

    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        if (SAVES_LEFT.getAndDecrement() <= 0) {
            throw new IOException("No space left on device");
        }
        super.saveParameters(os);
    }
}
