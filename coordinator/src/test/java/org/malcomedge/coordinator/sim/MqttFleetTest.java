package org.malcomedge.coordinator.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.malcomedge.agent.gossip.Algorithm;
import org.malcomedge.agent.gossip.GossipParameters;
import org.malcomedge.agent.testing.TopKCompressor;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.agent.link.mqtt.MosquittoPerClass;
import org.malcomedge.coordinator.network.FleetNetwork;
import org.malcomedge.coordinator.report.NodeRound;

/** The simulated fleet over a real Mosquitto: same numbers as in memory, sockets counted. */
class MqttFleetTest {

    private static final GossipParameters CHOCO = GossipParameters.of(Algorithm.CHOCO, 0.2, 0.5, 0);

    @RegisterExtension
    static final MosquittoPerClass broker = new MosquittoPerClass();

    private static final class Rows implements FleetListener {
        final List<NodeRound> rows = new ArrayList<>();

        @Override
        public void nodeRound(NodeRound row) {
            rows.add(row);
        }
    }

    @Test
    void aRingOnMosquittoGivesTheSameResultAsInMemoryAndCountsItsSockets() {
        FleetConfig config = Fleets.config("ring", 4, CHOCO, new TopKCompressor(0.2), 20, 7, 2, LinkModel.perfect(),
                new FleetConfig.Evaluation(5, 0));
        FleetResult memory = new SimulatedFleet(config).run(new FleetListener() { });
        Rows rows = new Rows();
        FleetResult mqtt;
        try (FleetNetwork network = FleetNetwork.mqtt(broker.uri())) {
            mqtt = new SimulatedFleet(config, network).run(rows);
        }

        assertEquals(memory.last().meanTestAccuracy(), mqtt.last().meanTestAccuracy());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(memory.finalModels()[i], mqtt.finalModels()[i], "node n" + i);
        }
        assertEquals(memory.edges(), mqtt.edges());
        assertEquals(4 * 20, rows.rows.size());
        for (NodeRound row : rows.rows) {
            assertTrue(row.socketBytes() >= row.frameBytes(), row.toString());
        }
    }

    @Test
    void dropoutsAreRepairedByKeyframesOverTheBrokerAsInMemory() {
        FleetConfig config = Fleets.config("regular:3", 6, CHOCO, new TopKCompressor(0.2), 10, 3, 2,
                LinkModel.perfect(), new FleetConfig.Evaluation(10, 0), Dropouts.random(0.25, 2, 3));
        assertRepairedAlikeOverTheBroker(config, 6);
    }

    /** BEER's frames carry two residuals and its keyframes two estimates: the broker changes nothing either. */
    @Test
    void gradientTrackingWithDropoutsGivesTheSameModelsOverTheBrokerAsInMemory() {
        GossipParameters beer = GossipParameters.of(Algorithm.BEER, 0.1, 0.5, 0);
        FleetConfig config = Fleets.config("regular:3", 6, beer, new TopKCompressor(0.3), 12, 5, 2,
                LinkModel.perfect(), new FleetConfig.Evaluation(12, 0), Dropouts.random(0.25, 2, 3));
        assertRepairedAlikeOverTheBroker(config, 6);
    }

    /** The fleet over Mosquitto repairs the dropouts' gaps and ends with the in-memory models, bit for bit. */
    private static void assertRepairedAlikeOverTheBroker(FleetConfig config, int nodes) {
        FleetResult memory = new SimulatedFleet(config).run(new FleetListener() { });
        Rows rows = new Rows();
        FleetResult mqtt;
        try (FleetNetwork network = FleetNetwork.mqtt(broker.uri())) {
            mqtt = new SimulatedFleet(config, network).run(rows);
        }
        assertTrue(rows.rows.stream().mapToInt(NodeRound::repairs).sum() > 0, "the dropouts caused repairs");
        for (int i = 0; i < nodes; i++) {
            assertArrayEquals(memory.finalModels()[i], mqtt.finalModels()[i], "node n" + i);
        }
    }
}
