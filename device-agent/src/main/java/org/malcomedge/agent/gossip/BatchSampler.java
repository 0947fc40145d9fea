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
}
