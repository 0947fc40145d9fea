package org.malcomedge.agent.device;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.malcomedge.agent.checkpoint.CheckpointStore;
import org.malcomedge.agent.checkpoint.FileCheckpointStore;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.firmware.config.DeviceConfigLoader;
import org.malcomedge.firmware.state.NodeStates;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.Control;
import org.malcomedge.wire.DataSplit;
import org.malcomedge.wire.Edge;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.Hyperparameters;
import org.malcomedge.wire.NodeState;
import org.malcomedge.wire.RoundReport;

/**
 * Test fixture: agents as threads in this JVM against a {@link FleetBroker} (a real Mosquitto or
 * the in-memory twin), and the coordinator's side of the contract (plan, BIRTHs, START, the round reports). Checkpoints are files under the test's
 * folder, as on a device: a restarted agent finds its predecessor's.
 */
final class TestFleet implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final FleetBroker broker;
    private final Path dir;
    private final String experiment;
    private final FleetLink coordinator;
    private final Map<String, List<RoundReport>> reports = new ConcurrentHashMap<>();
    private final Map<String, NodeState> states = new ConcurrentHashMap<>();
    private final Map<String, CheckpointStore> checkpoints = new ConcurrentHashMap<>();
    private final Map<String, FleetLink> links = new ConcurrentHashMap<>();
    private final Map<String, FleetAgent> agents = new ConcurrentHashMap<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Map<Thread, Throwable> failures = new ConcurrentHashMap<>();
    /** Reconnects of the test's own link (the coordinator's side), each once its subscriptions stand. */
    private int observerRejoins;

    TestFleet(FleetBroker broker, Path dir, String experiment) throws LinkException {
        this.broker = broker;
        this.dir = dir;
        this.experiment = experiment;
        this.coordinator = broker.observer("coordinator-" + experiment, experiment);
        coordinator.subscribe(Topics.allNodes(Topics.Kind.METRICS, experiment), 1, (topic, payload) -> {
            RoundReport report = parse(() -> RoundReport.parseFrom(payload));
            reports.computeIfAbsent(report.getNode(), n -> new CopyOnWriteArrayList<>()).add(report);
        });
        coordinator.addConnectionListener(new FleetLink.ConnectionListener() {
            @Override
            public void connectionLost() {
            }

            @Override
            public void reconnected() {
                synchronized (TestFleet.this) {
                    observerRejoins++;
                    TestFleet.this.notifyAll();
                }
            }
        });
        coordinator.subscribe(Topics.allNodes(Topics.Kind.STATE, experiment), 1, (topic, payload) -> {
            NodeState state = parseState(payload);
            synchronized (states) {
                states.merge(state.getNode(), state, NodeStates::next); // as every reader of states does
                states.notifyAll();
            }
        });
    }

    /**
     * A plan for digits, mlp:16, MALCOM-PSGD on a ring of {@code nodes} (MH weights 1/3), 5 rounds
     * between checkpoints, accuracy every 10 rounds on 200 test rows.
     */
    static ExperimentPlan.Builder ring(String experiment, int nodes, int rounds) {
        ExperimentPlan.Builder plan = ExperimentPlan.newBuilder()
                .setExperiment(experiment)
                .setAlgorithm("malcom")
                .setCompressor("malcom:4")
                .setHyperparameters(Hyperparameters.newBuilder().setEta(0.2).setGamma(0.5).setLambda(1e-4)
                        .setBatch(16).setRounds(rounds))
                .setModel("mlp:16")
                .setData(DataSplit.newBuilder().setDataset("digits").setSplit("iid").setTestSet("shared"))
                .setSeed(7)
                .setTopology("ring")
                .setCheckpointEvery(5)
                .setEvalEvery(10)
                .setTestSamples(200)
                .setRoundTimeoutMs(10_000)
                .setDropoutRounds(3);
        for (int i = 0; i < nodes; i++) {
            plan.addNodes("n" + i).addSelfWeights(1.0 / 3);
            plan.addEdges(Edge.newBuilder().setA("n" + i).setB("n" + (i + 1) % nodes).setWeight(1.0 / 3));
        }
        return plan;
    }

    void publishPlan(ExperimentPlan plan) throws LinkException {
        coordinator.publish(Topics.plan(experiment), plan.toByteArray(), 1, true);
    }

    void start() throws LinkException {
        control(Control.Command.START);
    }

    /** START once every one of {@code nodes} announced its first life, as the coordinator does. */
    void startWhenBorn(List<String> nodes) throws LinkException, InterruptedException {
        for (String id : nodes) {
            awaitBirth(id, 0);
        }
        start();
    }

    /** The whole run of {@code plan}: an agent per planned node, START, and until every agent is done. */
    void run(ExperimentPlan plan) throws LinkException, InterruptedException {
        publishPlan(plan);
        plan.getNodesList().forEach(id -> launch(id, report -> { }));
        startWhenBorn(plan.getNodesList());
        awaitAgents();
    }

    void control(Control.Command command) throws LinkException {
        coordinator.publish(Topics.control(experiment), Control.newBuilder().setExperiment(experiment)
                .setCommand(command).build().toByteArray(), 1, true);
    }

    /** The device.yaml of node {@code id} (Java backend, digits, checkpoints under the test's folder). */
    String yaml(String id) {
        return "id: " + id + "\nexperiment: " + experiment + "\nbroker: {uri: '" + broker.uri() + "'}\n"
                + "data: {source: digits}\ncheckpoint: {dir: " + dir.resolve("checkpoints") + ", every_rounds: 5}\n"
                + "trainer: {backend: java}\n";
    }

    DeviceConfig config(String id) {
        try {
            return DeviceConfigLoader.parse(yaml(id), id + ".yaml", dir);
        } catch (org.malcomedge.firmware.config.ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /**
     * Restarts the broker (from an agent's round hook) and returns once the test's own link listens
     * again: it is the test's instrument, and reports published before it is back are lost to the
     * assertions (a broker restart without persistence keeps no session), not to the fleet.
     */
    void restartBroker(Runnable restart) throws InterruptedException {
        int before;
        synchronized (this) {
            before = observerRejoins;
        }
        restart.run();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        synchronized (this) {
            while (observerRejoins == before) {
                long left = deadline - System.nanoTime();
                assertTrue(left > 0, "the test's link did not reconnect within " + PATIENCE);
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Starts node {@code id}'s agent on a thread; {@code afterRound} sees each of its reports. */
    Thread launch(String id, Consumer<RoundReport> afterRound) {
        CheckpointStore store = checkpoints.computeIfAbsent(id,
                n -> FileCheckpointStore.in(dir.resolve("checkpoints"), experiment, id));
        FleetAgent.Connector connector = broker.agents();
        FleetAgent agent = new FleetAgent(config(id), Clock.systemUTC(), store, settings -> {
            FleetLink link = connector.connect(settings);
            links.put(id, link);
            return link;
        }, afterRound);
        agents.put(id, agent);
        Thread thread = new Thread(() -> {
            try {
                agent.run();
            } catch (Throwable e) {
                failures.put(Thread.currentThread(), e);
                System.err.println("agent-" + id + " failed: " + e); // its LEAVE may carry the reason, or be lost
                e.printStackTrace();
            }
        }, "agent-" + id);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
        return thread;
    }

    /** The latest agent launched as {@code id}. */
    FleetAgent agent(String id) {
        return agents.get(id);
    }

    FleetLink link(String id) {
        return links.get(id);
    }

    /** Kills the link of {@code id}'s latest agent the way a killed process dies (its will goes out). */
    void crash(String id) {
        broker.crash(links.get(id));
    }

    /** Waits until {@code id}'s retained state is a BIRTH of {@code epoch}. */
    void awaitBirth(String id, int epoch) throws InterruptedException {
        awaitState(id, s -> s.getStatus() == NodeState.Status.BIRTH && s.getEpoch() == epoch, "a BIRTH of epoch " + epoch);
    }

    /**
     * Waits for {@code id}'s LEAVE and returns it. States come on their own subscription, so they may
     * trail the node's last report, and after a broker outage its BIRTH may too.
     */
    NodeState awaitLeave(String id) throws InterruptedException {
        return awaitState(id, s -> s.getStatus() == NodeState.Status.LEAVE, "a LEAVE");
    }

    private NodeState awaitState(String id, Predicate<NodeState> wanted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        synchronized (states) {
            while (states.get(id) == null || !wanted.test(states.get(id))) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    fail(id + " did not announce " + what + " within " + PATIENCE + "; state " + states.get(id));
                }
                states.wait(left);
            }
            return states.get(id);
        }
    }

    /** Waits for every agent thread; fails naming those that failed, except {@code expectedToFail}. */
    void awaitAgents(Thread... expectedToFail) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(PATIENCE.toMillis());
            assertTrue(!thread.isAlive(), () -> thread.getName() + " still runs after " + PATIENCE
                    + (failures.isEmpty() ? "" : "; failed meanwhile: " + failures.values()));
        }
        List<String> unexpected = new ArrayList<>();
        failures.forEach((thread, e) -> {
            if (!List.of(expectedToFail).contains(thread)) {
                unexpected.add(thread.getName() + ": " + e);
            }
        });
        assertTrue(unexpected.isEmpty(), "agents failed: " + unexpected);
    }

    Throwable failure(Thread thread) {
        return failures.get(thread);
    }

    /** {@code id}'s reports in arrival order. */
    List<RoundReport> reports(String id) {
        return reports.getOrDefault(id, List.of());
    }

    private interface Parser<T> {
        T parse() throws InvalidProtocolBufferException;
    }

    static NodeState parseState(byte[] payload) {
        return parse(() -> NodeState.parseFrom(payload));
    }

    private static <T> T parse(Parser<T> parser) {
        try {
            return parser.parse();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        coordinator.close();
    }
}
