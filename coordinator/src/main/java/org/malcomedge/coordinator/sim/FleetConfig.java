package org.malcomedge.coordinator.sim;

import java.util.Objects;
import java.util.function.Supplier;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.gossip.GossipParameters;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.coordinator.topology.Topology;

/**
 * Everything a simulated gossip fleet run needs: the {@link Workload} every run has, and the
 * gossip part (graph, algorithm, compressor, what the network does).
 *
 * @param links    what the in-memory network does to frames ({@link LinkModel#perfect()} normally)
 * @param dropouts which nodes are away in which round ({@link Dropouts#none()} normally)
 */
public record FleetConfig(
        Workload workload,
        Topology topology,
        GossipParameters gossip,
        Compressor compressor,
        LinkModel links,
        Dropouts dropouts) {

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
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(gossip, "gossip");
        Objects.requireNonNull(compressor, "compressor");
        Objects.requireNonNull(links, "links");
        Objects.requireNonNull(dropouts, "dropouts");
        if (workload.nodes() != topology.size()) {
            throw new IllegalArgumentException(workload.nodes() + " data partitions for " + topology.size() + " nodes");
        }
    }

    /** The workload's fields spelled out, as the gossip engine and its tests build it. */
    public FleetConfig(String experiment, Topology topology, GossipParameters gossip, Compressor compressor,
            Supplier<Trainer> trainers, Dataset train, int[][] partitions, Dataset test, float[] initialModel,
            int batch, int rounds, long seed, Evaluation evaluation, int threads, LinkModel links, Dropouts dropouts) {
        this(new Workload(experiment, trainers, train, partitions, test, initialModel, batch, rounds, seed, evaluation,
                threads), topology, gossip, compressor, links, dropouts);
    }
}
