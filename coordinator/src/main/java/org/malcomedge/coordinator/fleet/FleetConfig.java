package org.malcomedge.coordinator.fleet;

import java.util.Objects;
import java.util.function.Supplier;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.gossip.GossipParameters;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.coordinator.topology.Topology;

/**
 * Everything a simulated fleet run needs. Node i trains on rows {@code partitions[i]} of the shared
 * {@code train} set (no per-node copies of the data).
 *
 * @param trainers     makes one trainer per worker thread (trainers are not thread-safe)
 * @param initialModel the common seeded x_0 of every node
 * @param batch        minibatch rows per local step
 * @param threads      worker threads; results do not depend on it
 * @param links        what the in-memory network does to frames ({@link LinkModel#perfect()} normally)
 */
public record FleetConfig(
        String experiment,
        Topology topology,
        GossipParameters gossip,
        Compressor compressor,
        Supplier<Trainer> trainers,
        Dataset train,
        int[][] partitions,
        Dataset test,
        float[] initialModel,
        int batch,
        int rounds,
        long seed,
        Evaluation evaluation,
        int threads,
        LinkModel links) {

    /**
     * Evaluating 1024 models on a full test set every round costs more than the round itself, so
     * accuracy is measured every {@code everyRounds} rounds (and in the last round) on a seeded
     * subsample of {@code testSamples} test rows (0 = the whole test set).
     */
    public record Evaluation(int everyRounds, int testSamples) {
        public Evaluation {
            if (everyRounds < 1 || testSamples < 0) {
                throw new IllegalArgumentException("evaluation every " + everyRounds + " rounds on " + testSamples
                        + " samples: need every >= 1 and samples >= 0");
            }
        }

        public static Evaluation everyRound() {
            return new Evaluation(1, 0);
        }
    }

    public FleetConfig {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(gossip, "gossip");
        Objects.requireNonNull(compressor, "compressor");
        Objects.requireNonNull(trainers, "trainers");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(initialModel, "initialModel");
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(links, "links");
        if (partitions.length != topology.size()) {
            throw new IllegalArgumentException(partitions.length + " data partitions for " + topology.size() + " nodes");
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
}
