package org.malcomedge.agent.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.gossip.Float32Payload;
import org.malcomedge.agent.gossip.GossipNode;
import org.malcomedge.agent.gossip.NodeFactory;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.agent.train.Trainers;
import org.malcomedge.agent.transport.InMemoryNetwork;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.agent.transport.Transport;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.RoundReport;

/** Test support shared by the agent tests on either broker: the ring they run and its reference. */
final class FleetRuns {

    static final int NODES = 4;
    static final int ROUNDS = 30;

    private FleetRuns() {
    }

    static List<String> ids() {
        return IntStream.range(0, NODES).mapToObj(i -> "n" + i).toList();
    }

    /** A ring of agents on {@code broker} ends with the models synchronous rounds compute, bit for bit. */
    static void assertRingComputesSynchronousRounds(FleetBroker broker, Path dir) throws Exception {
        assertRingComputesSynchronousRounds(broker, dir, TestFleet.ring("ring", NODES, ROUNDS).build());
    }

    /** The same for {@code plan}, a ring of {@link #NODES} over {@link #ROUNDS} rounds. */
    static void assertRingComputesSynchronousRounds(FleetBroker broker, Path dir, ExperimentPlan plan) throws Exception {
        try (TestFleet fleet = new TestFleet(broker, dir, plan.getExperiment())) {
            fleet.run(plan);

            float[][] expected = synchronousRounds(plan);
            for (int i = 0; i < NODES; i++) {
                List<RoundReport> reports = awaitFinalReport(fleet, "n" + i);
                assertEquals(IntStream.rangeClosed(1, ROUNDS).boxed().toList(),
                        reports.stream().map(r -> (int) r.getRound()).toList(), "n" + i + " reports every round once");
                for (RoundReport report : reports) {
                    assertEquals(0, report.getEpoch());
                    assertEquals(report.getRound() % 10 == 0, !Double.isNaN(report.getTestAccuracy()),
                            "accuracy exactly at the evaluation rounds: " + report);
                    assertTrue(report.getPayloadBits() > 0 && report.getSocketBytes() > 0);
                    assertEquals(0, report.getRepairs() + report.getDroppedFrames(), "a clean run needs no repair");
                }
                RoundReport last = reports.get(reports.size() - 1);
                float[] model = Float32Payload.decode(last.getFinalModel().toByteArray(), expected[i].length);
                assertArrayEquals(expected[i], model, "n" + i + "'s final model, bit for bit");
                assertTrue(last.getTestAccuracy() > 0.3, "learns digits: " + last.getTestAccuracy());
            }
            assertEquals("finished", fleet.awaitLeave("n0").getDetail());
        }
    }

    /**
     * The reference: the same nodes (same factory, same seed) in synchronous rounds over the
     * in-memory network: everyone prepares and publishes, every frame is delivered, everyone mixes.
     */
    static float[][] synchronousRounds(ExperimentPlan plan) {
        List<String> ids = plan.getNodesList();
        NodePlan reader = NodePlan.read(plan, ids.get(0));
        TrainTest data = Datasets.load("digits", Optional.empty(), Datasets.defaultDirectory());
        ModelSpec model = reader.model(data.train());
        NodeFactory factory = reader.nodes(data, model);
        InMemoryNetwork network = new InMemoryNetwork(LinkModel.perfect());
        List<GossipNode> nodes = new ArrayList<>();
        List<Transport> transports = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            GossipNode node = factory.node(i, id, 0, reader.graph().weights(id, ids));
            Transport transport = network.connect(id);
            transport.onKeyframeRequest(() -> transport.publish(node.keyframe()));
            reader.graph().neighbours(id).forEach(j -> transport.subscribe(j, node::receive));
            nodes.add(node);
            transports.add(transport);
        }
        try (Trainer trainer = Trainers.create(model, DeviceConfig.Backend.JAVA, 1)) {
            for (int t = 1; t <= plan.getHyperparameters().getRounds(); t++) {
                for (int i = 0; i < nodes.size(); i++) {
                    transports.get(i).publish(nodes.get(i).prepare(t, trainer));
                }
                network.deliverAll();
                for (int i = 0; i < nodes.size(); i++) {
                    nodes.get(i).finishRound(t);
                    nodes.get(i).takeKeyframeRequests().forEach(transports.get(i)::requestKeyframe);
                }
                network.serveKeyframeRequests();
                network.deliverAll();
            }
        }
        return nodes.stream().map(GossipNode::model).toArray(float[][]::new);
    }

    /** {@code id}'s reports once the one of the last round has arrived. */
    static List<RoundReport> awaitFinalReport(TestFleet fleet, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fleet.reports(id).stream().noneMatch(r -> r.getRound() == ROUNDS)) {
            assertTrue(System.nanoTime() < deadline, id + " sent no report of round " + ROUNDS);
            Thread.sleep(20);
        }
        return fleet.reports(id);
    }
}
