package org.pase4j.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.pase4j.util.HostArrays;

/**
 * One training batch of {@code B} triples: the samples are stacked as {@code [anchor; positive;
 * negative]}, i.e. rows {@code 0..B-1} are anchors, {@code B..2B-1} their positives and
 * {@code 2B..3B-1} their negatives, each row {@code chunkSize} samples long.
 *
 * @param epoch the epoch the batch belongs to
 * @param index the batch's position in its epoch
 * @param chunkSize samples per chunk
 * @param samples {@code 3 * B * chunkSize} samples, row-major
 * @param utterances the anchor utterance of each triple
 * @param negatives the utterance each negative was cropped from
 */
public record ChunkBatch(int epoch, int index, int chunkSize, float[] samples, List<Utterance> utterances,
        List<Utterance> negatives) {

    /** Checks that the sizes agree. */
    public ChunkBatch {
        if (utterances.size() != negatives.size() || samples.length != 3L * utterances.size() * chunkSize) {
            throw new IllegalArgumentException("batch of " + utterances.size() + " triples with " + negatives.size()
                    + " negatives and " + samples.length + " samples, expected 3 x " + utterances.size() + " x "
                    + chunkSize);
        }
    }

    /** @return the number of triples {@code B} */
    public int size() {
        return utterances.size();
    }

    /**
     * The triples {@code from} to {@code to − 1} as a batch of their own, in the same layout, with this batch's
     * epoch and index.
     *
     * @param from the first triple
     * @param to one past the last triple
     * @return the smaller batch (its samples copied)
     */
    public ChunkBatch slice(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IndexOutOfBoundsException("triples " + from + " to " + to + " of a batch of " + size());
        }
        int b = to - from;
        float[] part = new float[3 * b * chunkSize];
        for (int role = 0; role < 3; role++) {
            System.arraycopy(samples, (role * size() + from) * chunkSize, part, role * b * chunkSize, b * chunkSize);
        }
        return new ChunkBatch(epoch, index, chunkSize, part, utterances.subList(from, to), negatives.subList(from, to));
    }

    /** @param i triple index @return a copy of its anchor chunk */
    public float[] anchor(int i) {
        return row(i);
    }

    /** @param i triple index @return a copy of its positive chunk */
    public float[] positive(int i) {
        return row(size() + i);
    }

    /** @param i triple index @return a copy of its negative chunk */
    public float[] negative(int i) {
        return row(2 * size() + i);
    }

    private float[] row(int r) {
        return Arrays.copyOfRange(samples, r * chunkSize, (r + 1) * chunkSize);
    }

    /**
     * The batch as the encoder's input.
     *
     * @param manager the manager that will own the array
     * @return an array of shape {@code (3B, 1, chunkSize)}
     */
    public NDArray toNDArray(NDManager manager) {
        return HostArrays.of(manager, samples, new Shape(3L * size(), 1, chunkSize));
    }
}
