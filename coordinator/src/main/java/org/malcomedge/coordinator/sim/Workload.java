package org.malcomedge.coordinator.sim;

import java.util.Objects;
import java.util.function.Supplier;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.train.Trainer;

/**
 * What every simulated run trains, whatever its algorithm (gossip or star): node i trains on rows
 * {@code partitions[i]} of the shared {@code train} set (no per-node copies of the data), from the
 * common initial model, in {@code rounds} rounds of one {@code batch} each.
 *
 * @param experiment   names the experiment in every frame and topic
 * @param trainers     makes one trainer per worker thread (trainers are not thread-safe)
 * @param initialModel the common seeded x_0 of every node
 * @param batch        minibatch rows per local step
 * @param threads      worker threads; results do not depend on it
 */
public record Workload(
        String experiment,
        Supplier<Trainer> trainers,
        Dataset train,
        int[][] partitions,
        Dataset test,
        float[] initialModel,
        int batch,
        int rounds,
        long seed,
        FleetConfig.Evaluation evaluation,
        int threads) {

    public Workload {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(trainers, "trainers");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(partitions, "partitions");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(initialModel, "initialModel");
        Objects.requireNonNull(evaluation, "evaluation");
        if (partitions.length < 1) {
            throw new IllegalArgumentException("no data partitions: a run needs at least one node");
        }
        for (int i = 0; i < partitions.length; i++) {
            if (partitions[i].length == 0) {
                throw new IllegalArgumentException("node n" + i + " has no training rows");
            }
            for (int row : partitions[i]) {
                if (row < 0 || row >= train.rows()) {
                    throw new IllegalArgumentException("node n" + i + ": row " + row + " outside the " + train.rows()
                            + " rows of " + train.name());
                }
            }
        }
        if (train.features() != test.features() || train.classes() != test.classes()) {
            throw new IllegalArgumentException("train and test sets differ in features or classes");
        }
        if (batch < 1 || rounds < 1 || threads < 1) {
            throw new IllegalArgumentException("batch, rounds and threads must be >= 1, got " + batch + ", " + rounds
                    + ", " + threads);
        }
    }

    /** The number of nodes (gossip) or workers (star): one per data partition. */
    public int nodes() {
        return partitions.length;
    }
}
