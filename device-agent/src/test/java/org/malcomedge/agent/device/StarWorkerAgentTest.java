package org.malcomedge.agent.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.codec.TensorLayout;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.gossip.Float32Payload;
import org.malcomedge.agent.star.McmServer;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.agent.star.StarCodecs;
import org.malcomedge.agent.star.StarFrames;
import org.malcomedge.agent.star.StarMailboxes;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.DataSplit;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.Hyperparameters;
import org.malcomedge.wire.ResidualFrame;
import org.malcomedge.wire.RoundReport;

/**
 * Star workers (issue 8) as agent threads on the in-memory broker twin, served by a test server
 * built on {@link McmServer} (over a real broker: the coordinator's star fleet tests).
 */
class StarWorkerAgentTest {

    private final FleetBroker broker = FleetBroker.memory();

    @TempDir
    Path dir;

    private static ExperimentPlan plan(String experiment, int workers, int rounds, int timeoutMs) {
        ExperimentPlan.Builder plan = ExperimentPlan.newBuilder()
                .setExperiment(experiment)
                .setAlgorithm("mcm")
                .setCompressor(StarAlgorithm.DEFAULT_COMPRESSOR)
                .setHyperparameters(Hyperparameters.newBuilder().setEta(0.1).setBatch(16).setRounds(rounds))
                .setModel("mlp:16")
                .setData(DataSplit.newBuilder().setDataset("digits").setSplit("iid").setTestSet("shared"))
                .setSeed(7)
                .setTopology("star")
                .setEvalEvery(2)
                .setTestSamples(200)
                .setRoundTimeoutMs(timeoutMs)
                .setParticipation(1);
        for (int i = 0; i < workers; i++) {
            plan.addNodes("w" + i);
        }
        return plan.build();
    }

    /** The plan's w_0 (mlp:16 on digits, seed 7). */
    private static float[] initialModel() {
        return model().initialize(7);
    }

    /** The workers' model; the server quantizes per tensor of it, as they do. */
    private static ModelSpec model() {
        var train = Datasets.load("digits", java.util.Optional.empty(), Datasets.defaultDirectory()).train();
        return ModelSpec.parse("mlp:16", train.features(), train.classes());
    }

    /** An MCM server of the plan's workers, as the coordinator's (eta 0.1). */
    private static McmServer server(ExperimentPlan plan, float[] initial, StarCodecs codecs) {
        return new McmServer(StarAlgorithm.MCM, initial, plan.getNodesCount(), codecs.up(), codecs.down(),
                codecs.alphaUp(), codecs.alphaDown(), 0.1);
    }

    @Test
    void workersTakeEachRoundsOmegaAndSendTheirUplinks() throws Exception {
        ExperimentPlan plan = plan("star", 2, 3, 10_000);
        float[] initial = initialModel();
        StarCodecs codecs = StarCodecs.of(StarAlgorithm.MCM, plan.getCompressor(), TensorLayout.of(model().tensorLengths()));
        McmServer server = server(plan, initial, codecs);
        StarMailboxes uplinks = new StarMailboxes(Duration.ofSeconds(10), "test broker");
        List<Long> uplinkBits = new ArrayList<>();
        try (TestFleet fleet = new TestFleet(broker, dir, "star");
             FleetLink serverLink = broker.observer("test-server", "star")) {
            serverLink.subscribe(Topics.allNodes(Topics.Kind.UP, "star"), 1, (topic, message) -> {
                String sender = Topics.parse(topic).node().orElseThrow();
                StarFrames.admit("server", "star", sender, topic, message).ifPresent(f -> uplinks.arrived("server", f));
            });
            fleet.publishPlan(plan);
            fleet.launch("w0", report -> { });
            fleet.launch("w1", report -> { });
            fleet.startWhenBorn(plan.getNodesList());
            SplittableRandom random = new SplittableRandom(1);
            for (int t = 1; t <= 3; t++) {
                byte[] omega = server.downlink(new int[] {0, 1}, random).payloads()[0];
                ResidualFrame down = StarFrames.frame("star", StarFrames.SERVER, t, codecs.down().spec(), initial.length, omega);
                serverLink.publish(Topics.serverDown("star"), down.toByteArray(), 1, false);
                List<byte[]> ups = new ArrayList<>();
                for (String worker : plan.getNodesList()) {
                    byte[] up = StarFrames.payload(uplinks.take("server", worker, t), codecs.up().spec(), initial.length);
                    ups.add(up);
                    uplinkBits.add(8L * up.length);
                }
                server.aggregate(ups);
            }
            fleet.awaitAgents();
            List<Long> reported = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                for (String worker : plan.getNodesList()) {
                    RoundReport report = fleet.reports(worker).get(t);
                    assertEquals(t + 1, report.getRound());
                    reported.add(report.getPayloadBits());
                }
            }
            assertEquals(uplinkBits, reported, "each report's payload bits are its uplink's");
            RoundReport last = fleet.reports("w0").get(2);
            assertEquals(4L * initial.length, last.getFinalModel().size(), "the last report carries w_hat");
            assertFalse(Double.isNaN(last.getTestAccuracy()), "the last round is evaluated");
            assertEquals("finished", fleet.awaitLeave("w0").getDetail());
        }
    }

    @Test
    void aSilentServerFailsTheWorkerNamingTheRound() throws Exception {
        ExperimentPlan plan = plan("silent", 1, 2, 300);
        try (TestFleet fleet = new TestFleet(broker, dir, "silent")) {
            fleet.publishPlan(plan);
            Thread worker = fleet.launch("w0", report -> { });
            fleet.startWhenBorn(plan.getNodesList());
            fleet.awaitAgents(worker);
            String message = fleet.failure(worker).getMessage();
            assertTrue(message.contains("round 1") && message.contains("server"), message);
        }
    }

    /**
     * Serves {@code rounds} rounds of a one-worker MCM plan to w0 and returns w_hat of its last report;
     * with {@code stopAfter} > 0, w0 is asked to leave after that round and started again (a new
     * agent on the same checkpoint file) before the server goes on.
     */
    private float[] finalModel(String experiment, int rounds, int stopAfter) throws Exception {
        ExperimentPlan plan = plan(experiment, 1, rounds, 10_000);
        float[] initial = initialModel();
        StarCodecs codecs = StarCodecs.of(StarAlgorithm.MCM, plan.getCompressor(), TensorLayout.of(model().tensorLengths()));
        McmServer server = server(plan, initial, codecs);
        StarMailboxes uplinks = new StarMailboxes(Duration.ofSeconds(10), "test broker");
        try (TestFleet fleet = new TestFleet(broker, dir, experiment);
             FleetLink serverLink = broker.observer("test-server", experiment)) {
            serverLink.subscribe(Topics.allNodes(Topics.Kind.UP, experiment), 1, (topic, message) -> StarFrames
                    .admit("server", experiment, "w0", topic, message).ifPresent(f -> uplinks.arrived("server", f)));
            fleet.publishPlan(plan);
            fleet.launch("w0", report -> {
                if (report.getRound() == stopAfter) {
                    fleet.agent("w0").leave();
                }
            });
            fleet.startWhenBorn(plan.getNodesList());
            SplittableRandom random = new SplittableRandom(1);
            for (int t = 1; t <= rounds; t++) {
                byte[] omega = server.downlink(new int[] {0}, random).payloads()[0];
                ResidualFrame down = StarFrames.frame(experiment, StarFrames.SERVER, t, codecs.down().spec(),
                        initial.length, omega);
                serverLink.publish(Topics.serverDown(experiment), down.toByteArray(), 1, false);
                server.aggregate(List.of(StarFrames.payload(uplinks.take("server", "w0", t), codecs.up().spec(),
                        initial.length)));
                if (t == stopAfter) {
                    assertEquals("stopped after round " + t, fleet.awaitLeave("w0").getDetail());
                    fleet.launch("w0", report -> { });
                    fleet.awaitBirth("w0", 1);
                }
            }
            fleet.awaitAgents();
            List<RoundReport> reports = fleet.reports("w0");
            RoundReport last = reports.get(reports.size() - 1);
            assertEquals(rounds, last.getRound());
            assertEquals(stopAfter > 0 ? 1 : 0, last.getEpoch(), "the restarted worker is in a new epoch");
            assertEquals(rounds, reports.size(), "no round run twice, none left out");
            try (var left = java.nio.file.Files.list(dir.resolve("checkpoints"))) {
                assertEquals(List.of(), left.toList(), "the worker ran the last round: nothing is left to resume");
            }
            return Float32Payload.decode(last.getFinalModel().toByteArray(), initial.length);
        }
    }

    @Test
    void aWorkerRestartedFromItsCheckpointEndsWithTheUninterruptedWorkersModelBitForBit() throws Exception {
        float[] uninterrupted = finalModel("straight", 6, 0);
        float[] restarted = finalModel("restarted", 6, 3);
        int[] expected = new int[uninterrupted.length];
        int[] actual = new int[restarted.length];
        java.util.Arrays.setAll(expected, k -> Float.floatToRawIntBits(uninterrupted[k]));
        java.util.Arrays.setAll(actual, k -> Float.floatToRawIntBits(restarted[k]));
        assertArrayEquals(expected, actual);
    }
}
