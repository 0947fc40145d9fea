package org.malcomedge.agent.gossip;

/** The node's local data: fills the next minibatch into caller-owned buffers. */
public interface BatchSampler {

    /** Rows per batch (the buffers hold this many). */
    int batchSize();

    /** Features per row. */
    int features();

    /**
     * Writes the next batch, row-major, into {@code features} and {@code labels}.
     *
     * @return the number of rows written (at most {@link #batchSize()})
     */
    int next(float[] features, int[] labels);

    /**
     * Moves on as if {@link #next} had been called {@code batches} times: a resumed worker's sampler
     * is brought to where the uninterrupted one's is (samplers whose draws depend only on how many
     * batches were taken).
     */
    default void skip(long batches) {
        float[] features = new float[batchSize() * features()];
        int[] labels = new int[batchSize()];
        for (long b = 0; b < batches; b++) {
            next(features, labels);
        }
    }
}
