package org.malcomedge.agent.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.train.EvaluationSet;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.gossip.Float32Payload;
import org.malcomedge.agent.gossip.GossipNode;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.agent.train.Trainers;
import org.malcomedge.agent.transport.FrameDrop;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.transport.TestFrames;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.Control;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.NodeState;
import org.malcomedge.wire.ResidualFrame;
import org.malcomedge.wire.RoundReport;

/**
 * Device agents as threads of this JVM on the in-memory broker twin (the fleet contract, agent
 * side); {@link FleetAgentOverMosquittoTest} runs what only a real broker shows.
 */
class FleetAgentTest {

    private static final int NODES = FleetRuns.NODES;
    private static final int ROUNDS = FleetRuns.ROUNDS;

    /** A fresh twin per test: nothing retained leaks from one test into the next. */
    private final FleetBroker broker = FleetBroker.memory();

    @TempDir
    Path dir;

    private static List<String> ids() {
        return FleetRuns.ids();
    }

    @Test
    void aRingOfAgentsComputesWhatSynchronousRoundsCompute() throws Exception {
        FleetRuns.assertRingComputesSynchronousRounds(broker, dir);
    }

    @Test
    void aRingOfAgentsTrackingTheGradientComputesWhatSynchronousRoundsCompute() throws Exception {
        ExperimentPlan.Builder plan = TestFleet.ring("tracking", NODES, ROUNDS).setAlgorithm("malcom-beer");
        FleetRuns.assertRingComputesSynchronousRounds(broker, dir, plan.build());
    }

    @Test
    void aRingOfAgentsWithMomentumComputesWhatSynchronousRoundsCompute() throws Exception {
        ExperimentPlan.Builder plan = TestFleet.ring("momentum", NODES, ROUNDS);
        plan.setHyperparameters(plan.getHyperparameters().toBuilder().setMomentum(0.8).setMomentumKind("heavy-ball"));
        FleetRuns.assertRingComputesSynchronousRounds(broker, dir, plan.build());
        float[] plain = FleetRuns.synchronousRounds(TestFleet.ring("momentum", NODES, ROUNDS).build())[0];
        assertFalse(java.util.Arrays.equals(plain, FleetRuns.synchronousRounds(plan.build())[0]),
                "the plan's momentum reached the nodes");
    }

    @Test
    void forgedFramesAreDroppedWithTheirReasonAndTheRunIsUnaffected() throws Exception {
        String exp = "forged";
        ExperimentPlan plan = TestFleet.ring(exp, NODES, ROUNDS).build();
        List<ResidualFrame> genuine = new CopyOnWriteArrayList<>();
        FleetLink forger = broker.observer("forger", exp);
        try (forger; TestFleet fleet = new TestFleet(broker, dir, exp)) {
            forger.subscribe(Topics.residual(exp, "n1"), 1, (topic, payload) -> {
                if (genuine.isEmpty()) { // the forged frames come back here too: the first is n1's own
                    genuine.add(TestFrames.parse(payload));
                }
            });
            fleet.publishPlan(plan);
            for (String id : ids()) {
                fleet.launch(id, report -> {
                    if (id.equals("n0") && report.getRound() == 5) {
                        forge(forger, exp, genuine.get(0)); // n1's frames reach n0 and n2
                    }
                });
            }
            fleet.startWhenBorn(ids());
            fleet.awaitAgents();

            float[][] expected = FleetRuns.synchronousRounds(plan);
            for (int i = 0; i < NODES; i++) {
                RoundReport last = FleetRuns.awaitFinalReport(fleet, "n" + i).get(ROUNDS - 1);
                assertArrayEquals(expected[i], Float32Payload.decode(last.getFinalModel().toByteArray(), expected[i].length),
                        "n" + i + "'s final model, bit for bit, whatever was forged");
            }
            Map<FrameDrop, Long> one = new EnumMap<>(FrameDrop.class);
            for (FrameDrop reason : List.of(FrameDrop.MALFORMED, FrameDrop.WRONG_EXPERIMENT, FrameDrop.UNKNOWN_SENDER,
                    FrameDrop.NOT_NEIGHBOUR, FrameDrop.WRONG_TOPIC, FrameDrop.WRONG_DIMENSION, FrameDrop.BAD_CRC,
                    FrameDrop.REPLAYED)) {
                one.put(reason, 1L);
            }
            for (String receiver : List.of("n0", "n2")) {
                assertEquals(one, fleet.agent(receiver).frameDrops(), receiver + " dropped each forged frame for its reason");
                assertEquals(one.size(), fleet.reports(receiver).stream().mapToInt(RoundReport::getDroppedFrames).sum(),
                        receiver + "'s reports count the drops");
            }
            assertEquals(Map.of(), fleet.agent("n1").frameDrops());
        }
    }

    /** One frame for each reason to drop it, all on n1's topics, from {@code genuine} (one of n1's frames). */
    private static void forge(FleetLink forger, String exp, ResidualFrame genuine) {
        String residual = Topics.residual(exp, "n1");
        try {
            forger.publish(residual, new byte[] {(byte) 0xff, 0x01, 0x02}, 1, false);
            forger.publish(residual, genuine.toBuilder().setExperiment("other").build().toByteArray(), 1, false);
            forger.publish(residual, genuine.toBuilder().setSender("n9").build().toByteArray(), 1, false);
            forger.publish(residual, genuine.toBuilder().setSender("n2").build().toByteArray(), 1, false);
            forger.publish(Topics.keyframe(exp, "n1"), genuine.toByteArray(), 1, false);
            forger.publish(residual, genuine.toBuilder().setDimension(genuine.getDimension() + 1).build().toByteArray(), 1, false);
            forger.publish(residual, genuine.toBuilder().setCrc32C(genuine.getCrc32C() ^ 1).build().toByteArray(), 1, false);
            forger.publish(residual, genuine.toByteArray(), 1, false);
        } catch (LinkException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aNodeLoadsOnlyItsShareAndTheEvaluationRowsAndComputesTheSame() {
        ExperimentPlan plan = TestFleet.ring("share", NODES, 3).build();
        NodePlan reader = NodePlan.read(plan, "n2");
        TrainTest whole = Datasets.load("digits", Optional.empty(), Datasets.defaultDirectory());
        TrainTest mine = Datasets.load("digits", Optional.empty(), Datasets.defaultDirectory(), reader.share(),
                reader.evaluationRows());
        assertTrue(mine.train().rows() <= whole.train().rows() / NODES + 1, mine.train().rows() + " training rows");
        assertEquals(plan.getTestSamples(), mine.test().rows());
        ModelSpec model = reader.model(whole.train());
        Map<String, Double> weights = reader.graph().weights("n2", ids());
        GossipNode everything = reader.nodes(whole, model).node(2, "n2", 0, weights);
        GossipNode share = reader.node(mine.train(), model).node(2, "n2", 0, weights);
        EvaluationSet simulator = reader.evaluation(whole);
        EvaluationSet device = new EvaluationSet(mine.test());
        try (Trainer trainer = Trainers.create(model, DeviceConfig.Backend.JAVA, 1)) {
            for (int t = 1; t <= 40; t++) { // past an epoch of the partition: reshuffles too
                assertEquals(everything.prepare(t, trainer), share.prepare(t, trainer), "round " + t + "'s frame");
                everything.finishRound(t);
                share.finishRound(t);
            }
            assertEquals(simulator.accuracy(trainer, everything.model()), device.accuracy(trainer, share.model()));
            assertEquals(simulator.loss(trainer, everything.model()), device.loss(trainer, share.model()));
        }
    }

    @Test
    void aPlanWithASparsityTargetMakesTheNodePruneToIt() {
        ExperimentPlan.Builder plan = TestFleet.ring("sparse", NODES, 3);
        plan.setHyperparameters(plan.getHyperparameters().toBuilder().setSparsityTarget(0.6).setSparsityRampRounds(1));
        DeviceNode device = deviceNode(plan.build());
        GossipNode node = device.node();
        try (Trainer trainer = Trainers.create(device.model(), DeviceConfig.Backend.JAVA, 1)) {
            node.prepare(1, trainer);
            node.finishRound(1);
        }
        assertTrue(node.sparsity() >= 0.6, "sparsity " + node.sparsity());
    }

    @Test
    void aPlanWithAnAutoGainMakesTheNodeMeasureAndAnnounceItsStep() {
        ExperimentPlan.Builder plan = TestFleet.ring("auto", NODES, 3);
        plan.setHyperparameters(plan.getHyperparameters().toBuilder().setGamma(1).setGammaAutoGain(1.5));
        DeviceNode device = deviceNode(plan.build());
        GossipNode node = device.node();
        try (Trainer trainer = Trainers.create(device.model(), DeviceConfig.Backend.JAVA, 1)) {
            float announced = node.prepare(1, trainer).getGamma();
            // malcom:4 on d of a few thousand: delta near 1/tau, far below the ceiling 1
            assertTrue(announced > 0 && announced < 0.5, "gamma_1 = " + announced);
            assertEquals(announced, (float) node.stats().gamma());
        }
        GossipNode plain = deviceNode(TestFleet.ring("fixed", NODES, 3).build()).node();
        try (Trainer trainer = Trainers.create(device.model(), DeviceConfig.Backend.JAVA, 1)) {
            assertEquals(0f, plain.prepare(1, trainer).getGamma(), "a fixed step is not announced");
            assertEquals(0.5, plain.stats().gamma());
        }
    }

    /** Node n1 of a plan as its device builds it (NodePlan), on the whole digits training set. */
    private record DeviceNode(GossipNode node, ModelSpec model) {
    }

    private static DeviceNode deviceNode(ExperimentPlan plan) {
        NodePlan reader = NodePlan.read(plan, "n1");
        TrainTest data = Datasets.load("digits", Optional.empty(), Datasets.defaultDirectory());
        ModelSpec model = reader.model(data.train());
        return new DeviceNode(reader.nodes(data, model).node(1, "n1", 0, reader.graph().weights("n1", ids())), model);
    }

    @ParameterizedTest
    @ValueSource(strings = {"malcom", "malcom-beer"})
    void aCrashedAgentResumesFromItsCheckpointAndTheRunCompletes(String algorithm) throws Exception {
        ExperimentPlan plan = TestFleet.ring("restart", NODES, ROUNDS).setAlgorithm(algorithm).build();
        CountDownLatch back = new CountDownLatch(1);
        try (TestFleet fleet = new TestFleet(broker, dir, "restart")) {
            fleet.publishPlan(plan);
            Thread crashing = fleet.launch("n2", report -> {
                if (report.getRound() == 12) {
                    fleet.crash("n2"); // the broker publishes n2's DEATH
                    throw new IllegalStateException("n2 crashed by the test");
                }
            });
            for (String id : List.of("n0", "n1", "n3")) {
                fleet.launch(id, report -> {
                    if (report.getRound() == 15) {
                        await(back); // so that n2 comes back while the others still run
                    }
                });
            }
            fleet.startWhenBorn(ids());
            crashing.join(TestFleet.PATIENCE.toMillis());
            fleet.launch("n2", report -> { });
            fleet.awaitBirth("n2", 1);
            back.countDown();
            fleet.awaitAgents(crashing);
            assertTrue(fleet.failure(crashing).getMessage().contains("crashed by the test"));
            try (var left = Files.list(dir.resolve("checkpoints"))) {
                assertEquals(List.of(), left.toList(), "every node ran the last round: nothing is left to resume");
            }

            for (String id : ids()) {
                FleetRuns.awaitFinalReport(fleet, id);
            }
            List<RoundReport> n2 = fleet.reports("n2");
            List<Integer> secondLife = n2.stream().filter(r -> r.getEpoch() == 1).map(r -> (int) r.getRound()).toList();
            assertEquals(IntStream.rangeClosed(11, ROUNDS).boxed().toList(), secondLife,
                    "resumed after the checkpoint of round 10, in a new epoch");
            int neighbourRepairs = 0;
            for (String neighbour : List.of("n1", "n3")) {
                neighbourRepairs += fleet.reports(neighbour).stream().filter(r -> r.getRound() > 12)
                        .mapToInt(RoundReport::getRepairs).sum();
            }
            assertTrue(neighbourRepairs >= 2, "n1 and n3 repaired their estimates of n2: " + neighbourRepairs);
            assertTrue(n2.stream().filter(r -> r.getEpoch() == 1).mapToInt(RoundReport::getRepairs).sum() >= 2,
                    "n2 took keyframes of its neighbours");
        }
    }

    @Test
    void anAgentRestartedAfterItsNeighboursFinishedLeavesAtOnceSayingWhy() throws Exception {
        ExperimentPlan plan = TestFleet.ring("late", NODES, ROUNDS).build();
        try (TestFleet fleet = new TestFleet(broker, dir, "late")) {
            fleet.publishPlan(plan);
            Thread crashing = fleet.launch("n2", report -> {
                if (report.getRound() == 12) {
                    fleet.crash("n2");
                    throw new IllegalStateException("n2 crashed by the test");
                }
            });
            for (String id : List.of("n0", "n1", "n3")) {
                fleet.launch(id, report -> { });
            }
            fleet.startWhenBorn(ids());
            for (String id : List.of("n0", "n1", "n3")) {
                assertEquals("finished", fleet.awaitLeave(id).getDetail());
            }
            crashing.join(TestFleet.PATIENCE.toMillis());
            Thread again = fleet.launch("n2", report -> { });
            again.join(TestFleet.PATIENCE.toMillis());
            fleet.awaitAgents(crashing);

            NodeState left = fleet.awaitLeave("n2");
            assertEquals(1, left.getEpoch(), left.toString());
            assertEquals("stranded after round 10: its neighbours [n1, n3] finished the run before its round 11", left.getDetail(),
                    "resumed from its checkpoint of round 10 with nobody to mix with");
            assertEquals(List.of(), fleet.reports("n2").stream().filter(r -> r.getEpoch() == 1).toList(),
                    "it ran no round alone");
        }
    }

    @Test
    void injectedLossIsRepairedByKeyframes() throws Exception {
        ExperimentPlan plan = TestFleet.ring("lossy", NODES, ROUNDS).setInjectLoss(0.05).build();
        try (TestFleet fleet = new TestFleet(broker, dir, "lossy")) {
            fleet.run(plan);
            int dropped = 0;
            int repairs = 0;
            for (String id : ids()) {
                List<RoundReport> reports = FleetRuns.awaitFinalReport(fleet, id);
                assertEquals(ROUNDS, reports.size());
                dropped += reports.stream().mapToInt(RoundReport::getDroppedFrames).sum();
                repairs += reports.stream().mapToInt(RoundReport::getRepairs).sum();
            }
            assertTrue(dropped > 0 && repairs > 0, "dropped " + dropped + ", repaired " + repairs);
        }
    }

    @Test
    void stopEndsEveryAgentAfterItsCurrentRound() throws Exception {
        try (TestFleet fleet = new TestFleet(broker, dir, "stop")) {
            fleet.publishPlan(TestFleet.ring("stop", 3, ROUNDS).build());
            fleet.launch("n0", report -> {
                if (report.getRound() == 5) {
                    stop(fleet);
                }
            });
            fleet.launch("n1", report -> { });
            fleet.launch("n2", report -> { });
            fleet.startWhenBorn(List.of("n0", "n1", "n2"));
            fleet.awaitAgents();
            for (String id : List.of("n0", "n1", "n2")) {
                NodeState left = fleet.awaitLeave(id);
                assertTrue(left.getDetail().startsWith("stopped after round "), left.toString());
                long lastRound = left.getRound();
                assertTrue(lastRound < ROUNDS, left.toString());
                assertEquals("stopped after round " + lastRound, left.getDetail(), "LEAVE carries the last round");
            }
        }
    }

    private static void stop(TestFleet fleet) {
        try {
            fleet.control(Control.Command.STOP);
        } catch (LinkException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void planErrorsNameTheField() {
        ExperimentPlan.Builder plan = TestFleet.ring("bad", 3, 5);
        plan.setCompressor("qsgd:0");
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
                () -> NodePlan.read(plan.build(), "n1"));
        assertTrue(e.getMessage().startsWith("plan of experiment bad: compressor: "), e.getMessage());
        plan.setCompressor("malcom:4").addEdges(org.malcomedge.wire.Edge.newBuilder().setA("n1").setB("n7").setWeight(0.2));
        e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> NodePlan.read(plan.build(), "n1"));
        assertTrue(e.getMessage().contains("edges: edge n1 - n7"), e.getMessage());
        assertFalse(NodePlan.lists(plan.build(), "n9"));
        ExperimentPlan.Builder momentum = TestFleet.ring("bad", 3, 5);
        momentum.setHyperparameters(momentum.getHyperparameters().toBuilder().setMomentum(1));
        e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> NodePlan.read(momentum.build(), "n1"));
        assertEquals("plan of experiment bad: hyperparameters.momentum: must be in [0, 1) (0 for none), got 1.0", e.getMessage());
        momentum.setHyperparameters(momentum.getHyperparameters().toBuilder().setMomentum(0.9).setMomentumKind("nesterov"));
        e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> NodePlan.read(momentum.build(), "n1"));
        assertEquals("plan of experiment bad: hyperparameters.momentum: 'nesterov' is not one of heavy-ball, quasi-global",
                e.getMessage());
        ExperimentPlan scaled = TestFleet.ring("bad", 3, 5).setScaling(org.malcomedge.wire.FeatureScaling.newBuilder()
                .addMean(0).addMean(0).addMean(0).addScale(1).addScale(1).addScale(1)).build();
        TrainTest digits = Datasets.load("digits", Optional.empty(), Datasets.defaultDirectory());
        e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> PlanScaling.apply(scaled, digits));
        assertEquals("plan of experiment bad: scaling: dataset digits has 64 features, the standardization 3", e.getMessage());
        ExperimentPlan zero = scaled.toBuilder().setScaling(scaled.getScaling().toBuilder().setScale(1, 0)).build();
        e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> PlanScaling.apply(zero, digits));
        assertTrue(e.getMessage().startsWith("plan of experiment bad: scaling: feature 1: "), e.getMessage());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(TestFleet.PATIENCE.toSeconds(), TimeUnit.SECONDS), "latch");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
