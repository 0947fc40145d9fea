package org.malcomedge.coordinator.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.agent.link.mqtt.MosquittoPerClass;
import org.malcomedge.coordinator.network.StarNetwork;
import org.malcomedge.coordinator.report.NodeRound;
import org.malcomedge.coordinator.report.RunResults;

/**
 * Star mode over a real Mosquitto (server/down, node/{id}/down, node/{id}/up): the same numbers as
 * in memory with the same seed, and uplink and downlink bytes that add up to the totals.
 */
class MqttStarFleetTest {

    @RegisterExtension
    static final MosquittoPerClass broker = new MosquittoPerClass();

    private static final int ROUNDS = 12;

    @ParameterizedTest
    @CsvSource({"MCM, 1", "RAND_MCM, 0.5", "MCM_UPLINK, 1"})
    void overMosquittoTheStarComputesWhatItComputesInMemoryAndItsBytesAddUp(StarAlgorithm algorithm,
            double participation) {
        StarConfig config = StarFleetTest.config(algorithm, 6, participation, 2, ROUNDS);
        CollectingListener memoryRows = new CollectingListener();
        StarFleet memoryFleet = new StarFleet(config);
        FleetResult memory = memoryFleet.run(memoryRows);

        CollectingListener mqttRows = new CollectingListener();
        StarFleet mqttFleet;
        FleetResult mqtt;
        try (StarNetwork network = StarNetwork.mqtt(broker.uri())) {
            mqttFleet = new StarFleet(config, network);
            mqtt = mqttFleet.run(mqttRows);
        }

        assertArrayEquals(memoryFleet.centralModel(), mqttFleet.centralModel(), "the central model w");
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(memory.finalModels()[i], mqtt.finalModels()[i], "worker n" + i);
        }
        assertEquals(memory.edges(), mqtt.edges());
        assertEquals(memoryRows.nodes.size(), mqttRows.nodes.size());
        for (int r = 0; r < memoryRows.nodes.size(); r++) {
            NodeRound inMemory = memoryRows.nodes.get(r);
            NodeRound overMqtt = mqttRows.nodes.get(r);
            assertEquals(inMemory.node(), overMqtt.node());
            assertEquals(inMemory.payloadBits(), overMqtt.payloadBits(), overMqtt.toString());
            assertEquals(inMemory.frameBytes(), overMqtt.frameBytes(), overMqtt.toString());
            assertEquals(-1, inMemory.socketBytes());
            assertTrue(overMqtt.socketBytes() >= overMqtt.frameBytes(), "the socket carried the frame: " + overMqtt);
        }
        assertUplinkAndDownlinkAddUp(mqttRows);
    }

    private static void assertUplinkAndDownlinkAddUp(CollectingListener rows) {
        RunResults results = RunResults.of(null, rows.nodes, rows.rounds);
        List<NodeRound> server = rows.nodes.stream().filter(NodeRound::isServer).toList();
        List<NodeRound> workers = rows.nodes.stream().filter(row -> !row.isServer()).toList();

        assertEquals(server.stream().mapToLong(NodeRound::payloadBits).sum(), results.downlinkPayloadBits());
        assertEquals(workers.stream().mapToLong(NodeRound::payloadBits).sum(), results.uplinkPayloadBits());
        assertEquals(results.totalPayloadBits(), results.uplinkPayloadBits() + results.downlinkPayloadBits());
        assertEquals(rows.rounds.stream().mapToLong(r -> r.payloadBits()).sum(), results.totalPayloadBits());

        assertEquals(server.stream().mapToLong(NodeRound::frameBytes).sum(), results.downlinkFrameBytes());
        assertEquals(results.totalFrameBytes(), results.uplinkFrameBytes() + results.downlinkFrameBytes());
        assertEquals(rows.rounds.stream().mapToLong(r -> r.frameBytes()).sum(), results.totalFrameBytes());
        assertTrue(results.downlinkFrameBytes() * 8 > results.downlinkPayloadBits(), "a frame wraps its payload");

        assertEquals(server.stream().mapToLong(NodeRound::socketBytes).sum(), results.downlinkSocketBytes());
        assertEquals(workers.stream().mapToLong(NodeRound::socketBytes).sum(), results.uplinkSocketBytes());
        assertEquals(results.totalSocketBytes(), results.uplinkSocketBytes() + results.downlinkSocketBytes());
        assertTrue(results.downlinkSocketBytes() >= results.downlinkFrameBytes(), results.toString());
        assertTrue(results.uplinkSocketBytes() >= results.uplinkFrameBytes(), results.toString());
    }
}
