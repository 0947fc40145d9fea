package org.malcomedge.coordinator.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.gossip.PartitionSampler;
import org.malcomedge.agent.gossip.Seeds;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.agent.star.Variance;
import org.malcomedge.agent.testing.SoftmaxTrainer;
import org.malcomedge.coordinator.report.NodeRound;

class StarFleetTest {

    private static final Compressor QSGD = Compressors.parse("qsgd:4:unscaled");

    private static final Compressor DENSE = Compressors.parse("dense");
    private static final long SEED = 3;
    private static final int BATCH = 16;
    private static final double ETA = 0.5;

    /** A star of n softmax workers on blobs, QSGD both ways (mcm-uplink: dense down), 30 rounds unless said. */
    static StarConfig config(StarAlgorithm algorithm, int n, double participation, int threads) {
        return config(algorithm, n, participation, threads, 30);
    }

    static StarConfig config(StarAlgorithm algorithm, int n, double participation, int threads, int rounds) {
        return config(algorithm, n, participation, threads, QSGD,
                algorithm == StarAlgorithm.MCM_UPLINK ? DENSE : QSGD, rounds);
    }

    static StarConfig config(StarAlgorithm algorithm, int n, double participation, int threads, Compressor up,
            Compressor down, int rounds) {
        float[] w0 = Fleets.initialModel(SEED);
        Workload workload = new Workload("test", () -> new SoftmaxTrainer(Fleets.FEATURES, Fleets.CLASSES), Fleets.TRAIN,
                Fleets.partitions(n), Fleets.TEST, w0, BATCH, rounds, SEED, new FleetConfig.Evaluation(10, 0), threads);
        return new StarConfig(workload, algorithm, up, down, Variance.alpha(Variance.omega(up, w0.length)),
                Variance.alpha(Variance.omega(down, w0.length)), ETA, participation);
    }

    @ParameterizedTest
    @EnumSource(value = StarAlgorithm.class, names = {"MCM", "MCM_UPLINK", "MCM_NAIVE"})
    void withLosslessCompressorsEveryVariantIsPlainDistributedSgdStepByStep(StarAlgorithm algorithm) {
        int n = 4;
        // the replica: the same workers' batches (same seeds as the fleet's), the mean gradient at w, one step
        PartitionSampler[] batches = new PartitionSampler[n];
        int[][] partitions = Fleets.partitions(n);
        Arrays.setAll(batches, i -> new PartitionSampler(Fleets.TRAIN, partitions[i], BATCH,
                new SplittableRandom(Seeds.derive(SEED, i, Seeds.BATCHES))));
        SoftmaxTrainer trainer = new SoftmaxTrainer(Fleets.FEATURES, Fleets.CLASSES);
        float[] w = Fleets.initialModel(SEED);
        float[] features = new float[BATCH * Fleets.FEATURES];
        int[] labels = new int[BATCH];
        float[] g = new float[w.length];
        for (int rounds = 1; rounds <= 8; rounds++) {
            float[] mean = new float[w.length];
            for (PartitionSampler sampler : batches) {
                trainer.lossAndGradient(w, features, labels, sampler.next(features, labels), g);
                for (int k = 0; k < w.length; k++) {
                    mean[k] += g[k] / n;
                }
            }
            for (int k = 0; k < w.length; k++) {
                w[k] -= (float) ETA * mean[k];
            }
            StarFleet fleet = new StarFleet(config(algorithm, n, 1, 2, DENSE, DENSE, rounds));
            fleet.run(new FleetListener() { });
            assertArrayEquals(w, fleet.centralModel(), 1e-5f, algorithm + " after round " + rounds);
        }
    }

    @Test
    void mcmTrainsAndReportsUplinkPerWorkerAndDownlinkOnTheServerRow() {
        CollectingListener rows = new CollectingListener();
        FleetResult result = new StarFleet(config(StarAlgorithm.MCM, 8, 1, 2)).run(rows);
        assertEquals(30 * 9, rows.nodes.size());
        List<NodeRound> first = rows.nodes.subList(0, 9);
        List<NodeRound> last = rows.nodes.subList(rows.nodes.size() - 9, rows.nodes.size());
        assertEquals(StarFleet.SERVER, last.get(8).node());
        assertTrue(last.get(8).payloadBits() > 0, "downlink bits");
        long total = last.stream().mapToLong(NodeRound::payloadBits).sum();
        assertEquals(total, result.last().payloadBits());
        double lossFirst = first.subList(0, 8).stream().mapToDouble(NodeRound::trainLoss).average().orElseThrow();
        double lossLast = last.subList(0, 8).stream().mapToDouble(NodeRound::trainLoss).average().orElseThrow();
        assertTrue(lossLast < 0.7 * lossFirst, "training loss falls: " + lossFirst + " -> " + lossLast);
        assertTrue(result.last().averageModelAccuracy() > 0.5, "central model accuracy " + result.last().averageModelAccuracy());
        List<Double> centralLoss = rows.nodes.stream().filter(NodeRound::isServer).map(NodeRound::trainLoss)
                .filter(loss -> !loss.isNaN()).toList();
        assertEquals(3, centralLoss.size(), "the central model's training loss in rounds 10, 20, 30");
        assertTrue(centralLoss.get(2) < centralLoss.get(0), "central training loss falls: " + centralLoss);
        assertEquals(8, result.edges().size());
    }

    @Test
    void randMcmRowsFollowTheSeededParticipantsWhateverTheThreadCount() {
        CollectingListener one = new CollectingListener();
        CollectingListener two = new CollectingListener();
        FleetResult a = new StarFleet(config(StarAlgorithm.RAND_MCM, 10, 0.3, 1)).run(one);
        FleetResult b = new StarFleet(config(StarAlgorithm.RAND_MCM, 10, 0.3, 2)).run(two);
        assertEquals(30 * (3 + 1), one.nodes.size());
        assertEquals(one.nodes.stream().map(NodeRound::node).toList(), two.nodes.stream().map(NodeRound::node).toList());
        for (int i = 0; i < a.finalModels().length; i++) {
            assertArrayEquals(a.finalModels()[i], b.finalModels()[i]);
        }
    }

    @Test
    void partialParticipationIsRandMcmsOnly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config(StarAlgorithm.MCM, 4, 0.5, 1));
        assertTrue(e.getMessage().contains("Rand-MCM"), e.getMessage());
    }

    @Test
    void mcmUplinkSendsDenseModels() {
        CollectingListener rows = new CollectingListener();
        new StarFleet(config(StarAlgorithm.MCM_UPLINK, 4, 1, 1)).run(rows);
        NodeRound server = rows.nodes.get(4);
        assertEquals(StarFleet.SERVER, server.node());
        assertTrue(server.payloadBits() >= 32L * Fleets.initialModel(3).length, "a dense model: " + server.payloadBits());
    }
}
