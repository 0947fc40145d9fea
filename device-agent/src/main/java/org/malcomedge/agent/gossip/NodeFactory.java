package org.malcomedge.agent.gossip;

import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.data.Dataset;

/**
 * What the nodes of one gossip run share, and the one way node i of it is made. The simulator and
 * the device agent both build their nodes here, so a real fleet given the same seed computes what
 * the simulation computes.
 *
 * @param partitions   node i trains on rows {@code partitions[i]} of {@code train}
 * @param initialModel the common seeded x_0
 * @param batch        minibatch rows per local step
 */
public record NodeFactory(
        String experiment,
        GossipParameters gossip,
        Compressor compressor,
        Dataset train,
        int[][] partitions,
        float[] initialModel,
        int batch,
        long seed) {

    public NodeFactory {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(gossip, "gossip");
        Objects.requireNonNull(compressor, "compressor");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(partitions, "partitions");
        Objects.requireNonNull(initialModel, "initialModel");
    }

    /**
     * Node {@code index} (its partition and its generators) under the name {@code id}, in its
     * {@code epoch}-th life (0 unless it restarted).
     *
     * @param neighbourWeights w_ij for each neighbour j
     */
    public GossipNode node(int index, String id, int epoch, Map<String, Double> neighbourWeights) {
        BatchSampler batches = new PartitionSampler(train, partitions[index], batch,
                new SplittableRandom(Seeds.derive(seed, index, epoch, Seeds.BATCHES)));
        return new GossipNode(id, experiment, epoch, initialModel, neighbourWeights, compressor, gossip, batches,
                new SplittableRandom(Seeds.derive(seed, index, epoch, Seeds.COMPRESSION)));
    }
}
