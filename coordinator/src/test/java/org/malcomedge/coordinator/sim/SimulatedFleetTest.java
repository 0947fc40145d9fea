package org.malcomedge.coordinator.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.malcomedge.agent.gossip.Algorithm;
import org.malcomedge.agent.gossip.GossipParameters;
import org.malcomedge.agent.testing.IdentityCompressor;
import org.malcomedge.agent.testing.TopKCompressor;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.coordinator.report.EdgeTraffic;
import org.malcomedge.coordinator.report.FleetRound;
import org.malcomedge.coordinator.report.NodeRound;

class SimulatedFleetTest {

    private static final GossipParameters CHOCO = GossipParameters.of(Algorithm.CHOCO, 0.2, 0.5, 0);

    @Test
    void sameSeedSameResultWhateverTheThreadCount() {
        FleetResult one = new SimulatedFleet(Fleets.config("regular:4", 24, CHOCO, new TopKCompressor(0.2), 6, 5, 1,
                LinkModel.lossy(0.1, 3), FleetConfig.Evaluation.everyRound(), Dropouts.random(0.2, 2, 5)))
                .run(new FleetListener() { });
        FleetResult two = new SimulatedFleet(Fleets.config("regular:4", 24, CHOCO, new TopKCompressor(0.2), 6, 5, 2,
                LinkModel.lossy(0.1, 3), FleetConfig.Evaluation.everyRound(), Dropouts.random(0.2, 2, 5)))
                .run(new FleetListener() { });
        for (int i = 0; i < 24; i++) {
            assertArrayEquals(one.finalModels()[i], two.finalModels()[i]);
        }
        for (int t = 0; t < 6; t++) {
            FleetRound a = one.rounds().get(t);
            FleetRound b = two.rounds().get(t);
            assertEquals(a.consensusDistance(), b.consensusDistance());
            assertEquals(a.meanTestAccuracy(), b.meanTestAccuracy());
            assertEquals(a.payloadBits(), b.payloadBits());
        }
        assertEquals(one.edges(), two.edges());
    }

    @Test
    void chocoLearnsAndMetersEveryEdge() {
        CollectingListener recorder = new CollectingListener();
        FleetResult result = new SimulatedFleet(Fleets.config("ring", 8, CHOCO, new IdentityCompressor(), 30, 1, 2,
                LinkModel.perfect(), new FleetConfig.Evaluation(10, 200))).run(recorder);
        assertEquals(0.19526, result.spectralGap(), 1e-5);
        assertTrue(result.last().meanTestAccuracy() > 0.9, "accuracy " + result.last().meanTestAccuracy());
        assertTrue(result.last().averageModelAccuracy() > 0.9);
        assertTrue(Double.isNaN(recorder.rounds.get(0).meanTestAccuracy()), "not evaluated in round 1");
        assertEquals(8 * 30, recorder.nodes.size());
        assertEquals(8, recorder.edges.size());
        long published = recorder.rounds.stream().mapToLong(FleetRound::payloadBits).sum();
        long delivered = recorder.edges.stream().mapToLong(EdgeTraffic::payloadBits).sum();
        assertEquals(2 * published, delivered, "each frame crosses both ring edges of its sender");
        assertEquals(8L * 30 * 32 * result.finalModels()[0].length, published);
    }

    @Test
    void lostFramesAreRepairedByKeyframes() {
        CollectingListener recorder = new CollectingListener();
        FleetResult result = new SimulatedFleet(Fleets.config("ring", 8, CHOCO, new TopKCompressor(0.3), 30, 2, 2,
                LinkModel.lossy(0.2, 9), new FleetConfig.Evaluation(30, 0))).run(recorder);
        int repairs = recorder.nodes.stream().mapToInt(NodeRound::repairs).sum();
        int dropped = recorder.nodes.stream().mapToInt(NodeRound::droppedFrames).sum();
        assertTrue(repairs > 0 && dropped > 0, repairs + " repairs, " + dropped + " dropped");
        assertTrue(result.last().meanTestAccuracy() > 0.85, "accuracy " + result.last().meanTestAccuracy());
    }

    @Test
    void timeVaryingGraphsBringNewNeighboursInByKeyframe() {
        CollectingListener recorder = new CollectingListener();
        FleetResult result = new SimulatedFleet(Fleets.config("dynamic:3:4", 16, GossipParameters.of(Algorithm.MALCOM, 0.2,
                0.5, 0.001), new TopKCompressor(0.3), 12, 3, 2, LinkModel.perfect(), new FleetConfig.Evaluation(12, 0)))
                .run(recorder);
        assertTrue(recorder.nodes.stream().mapToInt(NodeRound::repairs).sum() > 0);
        assertTrue(result.last().meanTestAccuracy() > 0.8, "accuracy " + result.last().meanTestAccuracy());
        assertTrue(result.last().meanSparsity() > 0);
    }

    @Test
    void nodesThatGoAwayAreDroppedAndReadmitted() {
        CollectingListener recorder = new CollectingListener();
        Dropouts dropouts = Dropouts.random(0.25, 3, 8);
        FleetResult result = new SimulatedFleet(Fleets.config("regular:4", 16, CHOCO, new TopKCompressor(0.3), 15, 6, 2,
                LinkModel.perfect(), new FleetConfig.Evaluation(15, 0), dropouts)).run(recorder);
        int away = 0;
        for (int t = 1; t <= 15; t++) {
            for (int i = 0; i < 16; i++) {
                away += dropouts.present(i, t) ? 0 : 1;
            }
        }
        assertTrue(away > 0);
        assertEquals(16 * 15 - away, recorder.nodes.size(), "absent nodes report no row");
        assertTrue(recorder.nodes.stream().mapToInt(NodeRound::repairs).sum() > 0, "returning nodes are repaired");
        assertTrue(recorder.nodes.stream().mapToInt(NodeRound::droppedFrames).sum() == 0);
        assertTrue(result.last().meanTestAccuracy() > 0.85, "accuracy " + result.last().meanTestAccuracy());
    }

    @Test
    void dpsgdReachesConsensusAtLeastAsFastAsCompressedChoco() {
        FleetResult dpsgd = new SimulatedFleet(Fleets.config("torus", 16, GossipParameters.of(Algorithm.DPSGD, 0.2, 1, 0),
                new IdentityCompressor(), 20, 4, 2, LinkModel.perfect(), new FleetConfig.Evaluation(20, 0)))
                .run(new FleetListener() { });
        assertTrue(dpsgd.last().meanTestAccuracy() > 0.9);
        assertTrue(dpsgd.last().normalizedConsensusDistance() < 0.05, "" + dpsgd.last().normalizedConsensusDistance());
    }
}
