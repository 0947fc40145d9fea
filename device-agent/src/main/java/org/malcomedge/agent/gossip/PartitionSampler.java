package org.malcomedge.agent.gossip;

import java.util.random.RandomGenerator;
import org.malcomedge.agent.data.Dataset;

/**
 * Minibatches from one node's partition of a shared dataset: the node holds only its row indices,
 * never a copy of the data. Batches walk a seeded permutation of the partition, reshuffled each
 * epoch (sampling without replacement within an epoch).
 */
public final class PartitionSampler implements BatchSampler {

    private final Dataset data;
    private final int[] order;
    private final int batch;
    private final RandomGenerator random;
    private int cursor;

    /**
     * @param rows    indices into {@code data} owned by this node (copied)
     * @param random  this node's own generator
     */
    public PartitionSampler(Dataset data, int[] rows, int batch, RandomGenerator random) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("a node needs at least one training row");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batch);
        }
        this.data = data;
        this.order = rows.clone();
        this.batch = Math.min(batch, rows.length);
        this.random = random;
        this.cursor = order.length; // shuffle before the first batch
    }

    @Override
    public int batchSize() {
        return batch;
    }

    @Override
    public int features() {
        return data.features();
    }

    @Override
    public int next(float[] features, int[] labels) {
        int f = data.features();
        for (int r = 0; r < batch; r++) {
            if (cursor == order.length) {
                shuffle();
            }
            int row = order[cursor++];
            System.arraycopy(data.x(), row * f, features, r * f, f);
            labels[r] = data.y()[row];
        }
        return batch;
    }

    /** As {@link BatchSampler#skip}, without copying the rows: the same shuffles at the same points. */
    @Override
    public void skip(long batches) {
        for (long b = 0; b < batches; b++) {
            for (int r = 0; r < batch; r++) {
                if (cursor == order.length) {
                    shuffle();
                }
                cursor++;
            }
        }
    }

    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        cursor = 0;
    }
}
