package org.malcomedge.agent.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.cli.AgentMain;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.agent.checkpoint.FileCheckpointStore;
import org.malcomedge.agent.gossip.GossipNode;
import org.malcomedge.agent.link.mqtt.Backoff;
import org.malcomedge.agent.link.mqtt.LinkCrash;
import org.malcomedge.agent.link.mqtt.MosquittoBroker;
import org.malcomedge.agent.link.mqtt.MosquittoPerClass;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.testing.ManualClock;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.firmware.config.DeviceConfigLoader;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.NodeState;
import org.malcomedge.wire.RoundReport;
import picocli.CommandLine;

/**
 * Device agents over a real Mosquitto, for what the in-memory twin does not model: real sockets,
 * broker restarts and reconnects, the leave/will race, the agent's command line.
 */
class FleetAgentOverMosquittoTest {

    @RegisterExtension
    static MosquittoPerClass broker = new MosquittoPerClass();

    private static final int NODES = FleetRuns.NODES;
    private static final int ROUNDS = FleetRuns.ROUNDS;

    @TempDir
    Path dir;

    private static List<String> ids() {
        return FleetRuns.ids();
    }

    @Test
    void aRingOfAgentsOverMosquittoComputesWhatSynchronousRoundsCompute() throws Exception {
        FleetRuns.assertRingComputesSynchronousRounds(FleetBroker.mosquitto(broker::uri), dir);
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
        FleetView view = new FleetView("n0", exp, clock, () -> { });
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
        try (TestFleet fleet = new TestFleet(FleetBroker.mosquitto(broker::uri), dir, "outage")) {
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
                RoundReport last = FleetRuns.awaitFinalReport(fleet, id).get(fleet.reports(id).size() - 1);
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
        try (TestFleet fleet = new TestFleet(FleetBroker.mosquitto(broker::uri), dir, "resume")) {
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
    void aPlanWithoutThisNodeIsIgnoredAndADatasetMismatchExitsTwo() throws Exception {
        try (TestFleet fleet = new TestFleet(FleetBroker.mosquitto(broker::uri), dir, "mismatch")) {
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

    /**
     * Broker down at boot: the agent keeps trying with backoff (one status per attempt, no exit),
     * and once a broker listens on its port it connects, reads the plan and announces its BIRTH.
     */
    @Test
    void anAgentStartedWithTheBrokerDownJoinsOnceItComesUp() throws Exception {
        MosquittoBroker.binary();
        int port = MosquittoBroker.freePort();
        URI uri = URI.create("tcp://127.0.0.1:" + port);
        DeviceConfig config = DeviceConfigLoader.parse("id: n0\nexperiment: late\nbroker: {uri: '" + uri + "'}\n"
                + "data: {source: digits}\ncheckpoint: {dir: " + dir.resolve("checkpoints") + "}\ntrainer: {backend: java}\n",
                "n0.yaml", dir);
        RecordingNotifier notifier = new RecordingNotifier();
        FleetAgent agent = new FleetAgent(config, java.time.Clock.systemUTC(),
                FileCheckpointStore.in(dir.resolve("checkpoints"), "late", "n0"), MqttLink::connectBeforeBirth,
                report -> { }, notifier, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), () -> 1.0));
        Throwable[] failed = {null};
        Thread thread = new Thread(() -> {
            try {
                agent.run();
            } catch (Throwable e) {
                failed[0] = e;
            }
        }, "agent-n0");
        thread.start();
        notifier.await(m -> m.contains("(attempt 3 failed: cannot connect to " + uri), TestFleet.PATIENCE);
        assertTrue(thread.isAlive(), "still waiting after 3 refused attempts: " + failed[0]);
        assertTrue(notifier.messages().get(0).startsWith("READY=1\n"), notifier.messages().toString());

        try (MosquittoBroker late = MosquittoBroker.start(dir, port, "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous true\npersistence false\n");
             TestFleet fleet = new TestFleet(FleetBroker.mosquitto(late::uri), dir, "late")) {
            fleet.publishPlan(TestFleet.ring("late", 3, 3).build());
            fleet.awaitBirth("n0", 0);
            notifier.await(m -> m.equals("STATUS=joined experiment late; waiting for START"), TestFleet.PATIENCE);
            agent.leave();
            thread.join(TestFleet.PATIENCE.toMillis());
            assertTrue(!thread.isAlive() && failed[0] == null, "left cleanly: " + failed[0]);
            assertEquals(NodeState.Status.LEAVE, fleet.awaitLeave("n0").getStatus());
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
