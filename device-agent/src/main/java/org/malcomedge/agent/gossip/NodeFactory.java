package org.malcomedge.agent.gossip;

import java.util.Arrays;
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
 * @param partitions   node i trains on rows {@code partitions[i]} of {@code train} (null for the
 *                     nodes of another process, see {@link #ofShare})
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
     * The factory of node {@code index} alone, on a device that loaded only that node's share:
     * row k of {@code share} is row {@code partition[k]} of the whole training set, so the node
     * draws the same minibatches, in the same order, as the simulator's node {@code index}
     * (the sampler shuffles positions in the partition, whatever rows they name).
     */
    public static NodeFactory ofShare(String experiment, GossipParameters gossip, Compressor compressor, Dataset share,
                                      int index, float[] initialModel, int batch, long seed) {
        int[][] partitions = new int[index + 1][];
        partitions[index] = new int[share.rows()];
        Arrays.setAll(partitions[index], k -> k);
        return new NodeFactory(experiment, gossip, compressor, share, partitions, initialModel, batch, seed);
    }

    /**
     * Node {@code index} (its partition and its generators) under the name {@code id}, in its
     * {@code epoch}-th life (0 unless it restarted).
     *
     * @param neighbourWeights w_ij for each neighbour j
     */
    public GossipNode node(int index, String id, int epoch, Map<String, Double> neighbourWeights) {
        if (index >= partitions.length || partitions[index] == null) {
            throw new IllegalArgumentException("this factory holds no training rows of node " + index);
        }
        BatchSampler batches = new PartitionSampler(train, partitions[index], batch,
                new SplittableRandom(Seeds.derive(seed, index, epoch, Seeds.BATCHES)));
        return new GossipNode(id, experiment, epoch, initialModel, neighbourWeights, compressor, gossip, batches,
                new SplittableRandom(Seeds.derive(seed, index, epoch, Seeds.COMPRESSION)));
    }
}
