package org.malcomedge.coordinator.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.agent.star.Variance;
import org.malcomedge.agent.testing.SoftmaxTrainer;
import org.malcomedge.coordinator.report.NodeRound;

class StarFleetTest {

    private static final Compressor QSGD = Compressors.parse("qsgd:4:unscaled");

    private static StarConfig config(StarAlgorithm algorithm, int n, double participation, int threads) {
        float[] w0 = Fleets.initialModel(3);
        Compressor down = algorithm == StarAlgorithm.MCM_UPLINK ? Compressors.parse("dense") : QSGD;
        return new StarConfig("test", algorithm, QSGD, down, Variance.alpha(Variance.omega(QSGD, w0.length)),
                Variance.alpha(Variance.omega(down, w0.length)), 0.5, participation,
                () -> new SoftmaxTrainer(Fleets.FEATURES, Fleets.CLASSES), Fleets.TRAIN, Fleets.partitions(n),
                Fleets.TEST, w0, 16, 30, 3, new FleetConfig.Evaluation(10, 0), threads);
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
    void mcmUplinkSendsDenseModels() {
        CollectingListener rows = new CollectingListener();
        new StarFleet(config(StarAlgorithm.MCM_UPLINK, 4, 1, 1)).run(rows);
        NodeRound server = rows.nodes.get(4);
        assertEquals(StarFleet.SERVER, server.node());
        assertTrue(server.payloadBits() >= 32L * Fleets.initialModel(3).length, "a dense model: " + server.payloadBits());
    }
}
