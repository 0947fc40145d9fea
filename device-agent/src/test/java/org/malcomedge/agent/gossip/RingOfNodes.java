package org.malcomedge.agent.gossip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.testing.Blobs;
import org.malcomedge.agent.testing.SoftmaxTrainer;
import org.malcomedge.wire.ResidualFrame;

/** Test fixture: n nodes on a ring (MH weights 1/3), frames handed over directly, in order. */
final class RingOfNodes {

    static final int FEATURES = 5;
    static final int CLASSES = 3;
    static final Dataset DATA = Blobs.of("blobs", 120, FEATURES, CLASSES, 1);

    final List<GossipNode> nodes = new ArrayList<>();
    final SoftmaxTrainer trainer = new SoftmaxTrainer(FEATURES, CLASSES);

    /** Every node starts from initial.apply(i); batches are node i's rows i, i+n, ... */
    RingOfNodes(int n, Compressor compressor, GossipParameters parameters, IntFunction<float[]> initial) {
        for (int i = 0; i < n; i++) {
            int[] rows = java.util.stream.IntStream.range(0, DATA.rows()).filter(r -> r % n == 0).toArray();
            nodes.add(new GossipNode("n" + i, "test", 0, initial.apply(i),
                    Map.of("n" + (i + 1) % n, 1.0 / 3, "n" + (i + n - 1) % n, 1.0 / 3),
                    compressor, parameters, new PartitionSampler(DATA, rows, 8, new SplittableRandom(i)),
                    new SplittableRandom(100 + i)));
        }
    }

    static float[] sameStart(int i) {
        return randomModel(42);
    }

    static float[] randomModel(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] theta = new float[CLASSES * FEATURES + CLASSES];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = (float) random.nextGaussian();
        }
        return theta;
    }

    void round(int t) {
        List<ResidualFrame> frames = new ArrayList<>();
        for (GossipNode node : nodes) {
            frames.add(node.prepare(t, trainer));
        }
        for (ResidualFrame frame : frames) {
            for (GossipNode node : nodes) {
                if (node.neighbours().contains(frame.getSender())) {
                    node.receive(frame);
                }
            }
        }
        for (GossipNode node : nodes) {
            node.finishRound(t);
        }
    }

    /** (1/n) sum_i ||x_i - xbar||^2. */
    double consensusDistance() {
        int d = nodes.get(0).dimension();
        double[] mean = new double[d];
        for (GossipNode node : nodes) {
            float[] x = node.model();
            for (int k = 0; k < d; k++) {
                mean[k] += x[k] / nodes.size();
            }
        }
        double sum = 0;
        for (GossipNode node : nodes) {
            float[] x = node.model();
            for (int k = 0; k < d; k++) {
                sum += (x[k] - mean[k]) * (x[k] - mean[k]);
            }
        }
        return sum / nodes.size();
    }
}
