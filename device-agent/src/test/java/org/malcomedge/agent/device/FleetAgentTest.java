package org.malcomedge.agent.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.cli.AgentMain;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.train.EvaluationSet;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.gossip.Float32Payload;
import org.malcomedge.agent.gossip.GossipNode;
import org.malcomedge.agent.gossip.NodeFactory;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.agent.train.Trainers;
import org.malcomedge.agent.transport.FrameDrop;
import org.malcomedge.agent.transport.InMemoryNetwork;
import org.malcomedge.agent.transport.LinkCrash;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.agent.transport.MosquittoPerClass;
import org.malcomedge.agent.transport.MqttLink;
import org.malcomedge.agent.transport.MqttLinkException;
import org.malcomedge.agent.transport.MqttLinkSettings;
import org.malcomedge.agent.transport.TestFrames;
import org.malcomedge.agent.transport.Transport;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.Control;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.NodeState;
import org.malcomedge.wire.ResidualFrame;
import org.malcomedge.wire.RoundReport;
import picocli.CommandLine;

/** Device agents over a real Mosquitto, as threads of this JVM (the fleet contract, agent side). */
class FleetAgentTest {

    @RegisterExtension
    static MosquittoPerClass broker = new MosquittoPerClass();

    @TempDir
    Path dir;

    private static final int NODES = 4;
    private static final int ROUNDS = 30;

    private static List<String> ids() {
        return IntStream.range(0, NODES).mapToObj(i -> "n" + i).toList();
    }

    @Test
    void aRingOfAgentsComputesWhatSynchronousRoundsCompute() throws Exception {
        ExperimentPlan plan = TestFleet.ring("ring", NODES, ROUNDS).build();
        try (TestFleet fleet = new TestFleet(broker.uri(), dir, "ring")) {
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

    @Test
    void forgedFramesAreDroppedWithTheirReasonAndTheRunIsUnaffected() throws Exception {
        String exp = "forged";
        ExperimentPlan plan = TestFleet.ring(exp, NODES, ROUNDS).build();
        List<ResidualFrame> genuine = new CopyOnWriteArrayList<>();
        MqttLink forger = MqttLink.connect(MqttLinkSettings.of(broker.uri(), "forger", exp).silent());
        try (forger; TestFleet fleet = new TestFleet(broker.uri(), dir, exp)) {
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

            float[][] expected = synchronousRounds(plan);
            for (int i = 0; i < NODES; i++) {
                RoundReport last = awaitFinalReport(fleet, "n" + i).get(ROUNDS - 1);
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
    private static void forge(MqttLink forger, String exp, ResidualFrame genuine) {
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
        } catch (MqttLinkException e) {
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

    @Test
    void aCrashedAgentResumesFromItsCheckpointAndTheRunCompletes() throws Exception {
        ExperimentPlan plan = TestFleet.ring("restart", NODES, ROUNDS).build();
        CountDownLatch back = new CountDownLatch(1);
        try (TestFleet fleet = new TestFleet(broker.uri(), dir, "restart")) {
            fleet.publishPlan(plan);
            Thread crashing = fleet.launch("n2", report -> {
                if (report.getRound() == 12) {
                    LinkCrash.crash(fleet.link("n2")); // the broker publishes n2's DEATH
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
                awaitFinalReport(fleet, id);
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
        try (TestFleet fleet = new TestFleet(broker.uri(), dir, "late")) {
            fleet.publishPlan(plan);
            Thread crashing = fleet.launch("n2", report -> {
                if (report.getRound() == 12) {
                    LinkCrash.crash(fleet.link("n2"));
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

    /**
     * The leave/will race made deterministic: n1 publishes its LEAVE and its DISCONNECT never
     * reaches the broker (the socket is cut in between, as a reset socket or a pulled cable would),
     * so Mosquitto publishes n1's DEATH will after the LEAVE, and that DEATH stays retained. A
     * neighbour's view still has n1 as left after its last round, not dead.
     */
    @Test
    void aLeaveWhoseDisconnectIsLostStaysALeave() throws Exception {
        String exp = "lostbye";
        ManualClock clock = new ManualClock();
        FleetView view = new FleetView("n0", exp, clock);
        List<NodeState> heard = new CopyOnWriteArrayList<>();
        CountDownLatch will = new CountDownLatch(1);
        try (MqttLink observer = MqttLink.connect(MqttLinkSettings.of(broker.uri(), "n0", exp).silent())) {
            observer.subscribe(Topics.allNodes(Topics.Kind.STATE, exp), 1, (topic, payload) -> {
                view.onState(topic, payload);
                NodeState state = TestFleet.parseState(payload);
                heard.add(state);
                if (state.getStatus() == NodeState.Status.DEATH) {
                    will.countDown();
                }
            });
            MqttLink n1 = MqttLink.connectBeforeBirth(MqttLinkSettings.of(broker.uri(), "n1", exp));
            n1.announce(0); // awaited, as the agent's: the BIRTH is on the broker before the LEAVE
            n1.progress(ROUNDS);
            n1.publish(Topics.state(exp, "n1"), n1.state(NodeState.Status.LEAVE, "finished").toByteArray(), 1, true);
            LinkCrash.crash(n1);
            assertTrue(will.await(TestFleet.PATIENCE.toMillis(), TimeUnit.MILLISECONDS), "the broker sent n1's will");
            assertEquals(List.of(NodeState.Status.BIRTH, NodeState.Status.LEAVE, NodeState.Status.DEATH),
                    heard.stream().map(NodeState::getStatus).toList(), "the will came after the LEAVE");
            clock.advance(FleetView.DEATH_SETTLE);
            assertEquals(java.util.Set.of("n0", "n1"), view.alive(List.of("n0", "n1"), ROUNDS),
                    "n1 finished: it counts in its last round, whatever its will says");
            assertEquals(java.util.Set.of("n0"), view.alive(List.of("n0", "n1"), ROUNDS + 1));
            assertTrue(view.stranded(ROUNDS + 1, List.of("n1"), ROUNDS), "and it is not waited for: it finished");
        }
    }

    @Test
    void aBrokerRestartWithoutPersistenceIsNobodysDropout() throws Exception {
        ExperimentPlan plan = TestFleet.ring("outage", NODES, ROUNDS).build();
        AtomicBoolean restarted = new AtomicBoolean();
        try (TestFleet fleet = new TestFleet(broker.uri(), dir, "outage")) {
            fleet.publishPlan(plan);
            fleet.launch("n0", report -> {
                if (report.getRound() == 8 && restarted.compareAndSet(false, true)) {
                    restart(fleet, () -> { }); // sessions, retained plan, START and states are gone
                }
            });
            for (String id : List.of("n1", "n2", "n3")) {
                fleet.launch(id, report -> { });
            }
            fleet.startWhenBorn(ids());
            fleet.awaitAgents();
            for (String id : ids()) {
                RoundReport last = awaitFinalReport(fleet, id).get(fleet.reports(id).size() - 1);
                assertEquals(ROUNDS, last.getRound(), id + " ran every round");
                assertTrue(last.getTestAccuracy() > 0.3, id + " still learns with its neighbours: " + last);
                assertEquals("finished", fleet.awaitLeave(id).getDetail());
            }
            assertTrue(restarted.get(), "the broker restarted in the middle of the run");
            // Whether any frame is lost is up to timing: frames published during the outage wait in
            // the link's queue and go out after the reconnect; only those published before a
            // neighbour re-made its subscription are lost, and then keyframes repair the gap
            // (NeighbourEstimate, GossipNode tests). So repairs may be zero here (seen under load):
            // what must hold is the above, every node through every round with its neighbours.
        }
    }

    /**
     * MqttLink's stated bound, reconnectDelay + connect timeout + 1 s, and no round timeout on top:
     * the round timeout here is longer than the bound, so a node that waited it out for a frame
     * the restart lost (published into the dying broker, or before a neighbour subscribed again)
     * fails the bound. Each node sends its latest frame again when it is back and whenever a
     * neighbour announces it listens again.
     */
    @Test
    void roundsResumeWithinTheStatedBoundAfterABrokerRestart() throws Exception {
        MqttLinkSettings defaults = MqttLinkSettings.of(broker.uri(), "n0", "resume");
        java.time.Duration bound = defaults.reconnectDelay().plus(defaults.timeout()).plusSeconds(1);
        ExperimentPlan plan = TestFleet.ring("resume", NODES, ROUNDS)
                .setRoundTimeoutMs((int) bound.multipliedBy(3).toMillis()).build();
        java.util.concurrent.atomic.AtomicLong backAt = new java.util.concurrent.atomic.AtomicLong();
        java.util.Map<String, Long> resumedAt = new java.util.concurrent.ConcurrentHashMap<>();
        try (TestFleet fleet = new TestFleet(broker.uri(), dir, "resume")) {
            fleet.publishPlan(plan);
            for (String id : ids()) {
                fleet.launch(id, report -> {
                    if (id.equals("n0") && report.getRound() == 8) {
                        restart(fleet, () -> backAt.set(System.nanoTime())); // the broker accepts connections again
                    } else if (backAt.get() != 0) {
                        resumedAt.putIfAbsent(id, System.nanoTime());
                    }
                });
            }
            fleet.startWhenBorn(ids());
            fleet.awaitAgents();
            for (String id : ids()) {
                long took = resumedAt.get(id) - backAt.get();
                assertTrue(took <= bound.toNanos(), id + " resumed " + took / 1_000_000 + " ms after the broker was back, "
                        + "bound " + bound.toMillis() + " ms");
                assertEquals(ROUNDS, fleet.reports(id).get(fleet.reports(id).size() - 1).getRound(), id + " finished");
            }
        }
    }

    @Test
    void injectedLossIsRepairedByKeyframes() throws Exception {
        ExperimentPlan plan = TestFleet.ring("lossy", NODES, ROUNDS).setInjectLoss(0.05).build();
        try (TestFleet fleet = new TestFleet(broker.uri(), dir, "lossy")) {
            fleet.run(plan);
            int dropped = 0;
            int repairs = 0;
            for (String id : ids()) {
                List<RoundReport> reports = awaitFinalReport(fleet, id);
                assertEquals(ROUNDS, reports.size());
                dropped += reports.stream().mapToInt(RoundReport::getDroppedFrames).sum();
                repairs += reports.stream().mapToInt(RoundReport::getRepairs).sum();
            }
            assertTrue(dropped > 0 && repairs > 0, "dropped " + dropped + ", repaired " + repairs);
        }
    }

    @Test
    void stopEndsEveryAgentAfterItsCurrentRound() throws Exception {
        try (TestFleet fleet = new TestFleet(broker.uri(), dir, "stop")) {
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
        } catch (MqttLinkException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPlanWithoutThisNodeIsIgnoredAndADatasetMismatchExitsTwo() throws Exception {
        try (TestFleet fleet = new TestFleet(broker.uri(), dir, "mismatch")) {
            Path config = Files.writeString(dir.resolve("n9.yaml"), fleet.yaml("n9"));
            StringWriter err = new StringWriter();
            int[] status = {-1};
            Thread agent = new Thread(() -> {
                CommandLine main = new CommandLine(new AgentMain());
                main.setErr(new PrintWriter(err, true));
                status[0] = Cli.execute(main, "--config", config.toString());
            });
            agent.start();
            fleet.publishPlan(TestFleet.ring("mismatch", 3, 3).build()); // n0, n1, n2 only
            agent.join(500);
            assertTrue(agent.isAlive(), "keeps waiting for a plan that lists it");

            ExperimentPlan.Builder other = TestFleet.ring("mismatch", 3, 3).addNodes("n9");
            other.setData(other.getData().toBuilder().setDataset("fashion-mnist"));
            fleet.publishPlan(other.build());
            agent.join(TestFleet.PATIENCE.toMillis());
            assertEquals(Cli.USAGE, status[0], err.toString());
            assertEquals("malcom-agent: plan of experiment mismatch trains on dataset 'fashion-mnist', but this "
                    + "device's data.source is 'digits'", err.toString().strip());
            NodeState left = fleet.awaitLeave("n9");
            assertTrue(left.getDetail().startsWith("failed: plan of experiment mismatch"), left.toString());
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
        ExperimentPlan scaled = TestFleet.ring("bad", 3, 5).setScaling(org.malcomedge.wire.FeatureScaling.newBuilder()
                .addMean(0).addMean(0).addMean(0).addScale(1).addScale(1).addScale(1)).build();
        TrainTest digits = Datasets.load("digits", Optional.empty(), Datasets.defaultDirectory());
        e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> PlanScaling.apply(scaled, digits));
        assertEquals("plan of experiment bad: scaling: dataset digits has 64 features, the standardization 3", e.getMessage());
        ExperimentPlan zero = scaled.toBuilder().setScaling(scaled.getScaling().toBuilder().setScale(1, 0)).build();
        e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> PlanScaling.apply(zero, digits));
        assertTrue(e.getMessage().startsWith("plan of experiment bad: scaling: feature 1: "), e.getMessage());
    }

    /**
     * The reference: the same nodes (same factory, same seed) in synchronous rounds over the
     * in-memory network: everyone prepares and publishes, every frame is delivered, everyone mixes.
     */
    private static float[][] synchronousRounds(ExperimentPlan plan) {
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
    private static List<RoundReport> awaitFinalReport(TestFleet fleet, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fleet.reports(id).stream().noneMatch(r -> r.getRound() == ROUNDS)) {
            assertTrue(System.nanoTime() < deadline, id + " sent no report of round " + ROUNDS);
            Thread.sleep(20);
        }
        return fleet.reports(id);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(TestFleet.PATIENCE.toSeconds(), TimeUnit.SECONDS), "latch");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * From an agent's round hook (which cannot throw checked exceptions): restarts the broker, runs
     * {@code whenBack} as soon as it accepts connections, returns once the test's link is back.
     */
    private static void restart(TestFleet fleet, Runnable whenBack) {
        try {
            fleet.restartBroker(() -> {
                broker.restart();
                whenBack.run();
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
