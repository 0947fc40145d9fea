package org.malcomedge.coordinator.sim;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.gossip.GossipParameters;
import org.malcomedge.agent.testing.Blobs;
import org.malcomedge.agent.testing.SoftmaxTrainer;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.coordinator.topology.Topologies;

/** Test fixture: fleets of softmax-regression twins on Gaussian blobs shaped like digits (64 features, 10 classes). */
final class Fleets {

    static final int FEATURES = 64;
    static final int CLASSES = 10;
    static final Dataset TRAIN = Blobs.of("blobs-train", 1797, FEATURES, CLASSES, 1);
    static final Dataset TEST = Blobs.of("blobs-test", 400, FEATURES, CLASSES, 1);

    private Fleets() {
    }

    /** Round-robin iid partition of the training rows. */
    static int[][] partitions(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> IntStream.range(0, TRAIN.rows()).filter(r -> r % n == i % TRAIN.rows()).toArray())
                .map(rows -> rows.length > 0 ? rows : new int[] {0})
                .toArray(int[][]::new);
    }

    static float[] initialModel(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] theta = new float[CLASSES * FEATURES + CLASSES];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = (float) (0.01 * random.nextGaussian());
        }
        return theta;
    }

    static FleetConfig config(String topology, int n, GossipParameters gossip, Compressor compressor, int rounds,
            long seed, int threads, LinkModel links, FleetConfig.Evaluation evaluation) {
        return config(topology, n, gossip, compressor, rounds, seed, threads, links, evaluation, Dropouts.none());
    }

    static FleetConfig config(String topology, int n, GossipParameters gossip, Compressor compressor, int rounds,
            long seed, int threads, LinkModel links, FleetConfig.Evaluation evaluation, Dropouts dropouts) {
        return new FleetConfig("test", Topologies.parse(topology, n, seed), gossip, compressor,
                () -> new SoftmaxTrainer(FEATURES, CLASSES), TRAIN, partitions(n), TEST, initialModel(seed), 16, rounds,
                seed, evaluation, threads, links, dropouts);
    }
}
