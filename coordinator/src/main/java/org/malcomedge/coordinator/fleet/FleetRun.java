package org.malcomedge.coordinator.fleet;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.malcomedge.agent.data.Standardization;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.transport.TransportException;
import org.malcomedge.coordinator.plan.FleetPlan;
import org.malcomedge.coordinator.plan.WirePlans;
import org.malcomedge.coordinator.report.EdgeTraffic;
import org.malcomedge.coordinator.report.NodeRound;
import org.malcomedge.coordinator.sim.FleetListener;
import org.malcomedge.coordinator.sim.FleetResult;
import org.malcomedge.coordinator.topology.Graph;
import org.malcomedge.coordinator.topology.MixingWeights;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.Control;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.NodeState;
import org.malcomedge.wire.RoundReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's side of a real fleet (fleet contract): publishes the retained plan, waits for
 * every planned node's BIRTH, publishes the retained Control START, collects the nodes'
 * RoundReports into rows (a {@link ReportCollector}) until every node reported its last round or
 * left, then leaves a retained STOP so that a device restarted later does not join a finished run.
 * The coordinator never sits on the hot path: it only reads metrics and states.
 *
 * <p>A star plan (MCM family) needs its server ({@link #serving}): the coordinator then serves the
 * rounds on its own connection after START, and its rows join the workers' as node
 * {@value NodeRound#SERVER}.
 *
 * <p>After a reconnect (the broker restarted and may have lost its retained messages) the plan and
 * the current control message are published again.
 */
public final class FleetRun {

    private static final Logger log = LoggerFactory.getLogger(FleetRun.class);
    private static final int QOS_ACKED = 1;
    private static final long POLL_MILLIS = 200;

    /** A node that is away (DEATH) for this long no longer holds up the end of the run. */
    public static final Duration DEFAULT_AWAY_LIMIT = Duration.ofMinutes(2);

    private final FleetPlan plan;
    private final ExperimentPlan wire;
    private final Graph graph;
    private final MqttLinkSettings settings;
    private final Duration deviceTimeout;
    private final Duration awayLimit;
    private final Optional<Scorer> scorer;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private volatile MqttLink link;
    private volatile Control control;
    private Runnable watchdog = () -> { };
    private StarFleetServer starServer;

    /**
     * @param scaling       the standardization the devices apply (ExperimentData#scaling: present exactly when
     *                      the plan's features are standard)
     * @param settings      the coordinator's connection (client id {@link FleetPlan#COORDINATOR}, silent)
     * @param deviceTimeout how long to wait for every node's BIRTH
     * @param scorer        scores the average of the final models (empty: no average-model accuracy)
     */
    public FleetRun(FleetPlan plan, Optional<Standardization> scaling, MqttLinkSettings settings, Duration deviceTimeout,
                    Duration awayLimit, Optional<Scorer> scorer) {
        this.plan = plan;
        this.wire = WirePlans.of(plan, scaling);
        this.graph = isStar() ? starGraph(plan.nodeIds().size()) : WirePlans.graph(plan.spec());
        this.settings = settings.silent();
        this.deviceTimeout = deviceTimeout;
        this.awayLimit = awayLimit;
        this.scorer = scorer;
    }

    /** Scores a model on the shared test set (the simulator's evaluation rows). */
    @FunctionalInterface
    public interface Scorer {
        double accuracy(float[] model);

        /** The number of classes of the test set, when known (a run's chance level is 1/classes). */
        default OptionalInt classes() {
            return OptionalInt.empty();
        }
    }

    /**
     * Checks run while waiting (every {@value #POLL_MILLIS} ms); a FleetRunException thrown there
     * ends the run, e.g. when a local agent process died with an error.
     */
    public FleetRun watching(Runnable check) {
        this.watchdog = check;
        return this;
    }

    /** The server of a star plan's rounds (the coordinator serves them after START). */
    public FleetRun serving(StarFleetServer server) {
        this.starServer = server;
        return this;
    }

    /** Whether the plan is star mode: its nodes are workers of a server, not gossip peers. */
    public boolean isStar() {
        return StarAlgorithm.isStar(wire.getAlgorithm());
    }

    /** Workers 0..n-1 each joined to the server, node n. */
    private static Graph starGraph(int workers) {
        List<int[]> spokes = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            spokes.add(new int[] {i, workers});
        }
        return Graph.of(workers + 1, spokes);
    }

    /** The number of classes of the scorer's test set, null when there is no scorer or it does not say. */
    public Integer classes() {
        return scorer.flatMap(s -> s.classes().isPresent() ? Optional.of(s.classes().getAsInt()) : Optional.empty())
                .orElse(null);
    }

    /** The retained plan the devices read. */
    public ExperimentPlan wirePlan() {
        return wire;
    }

    /** Spectral gap of the plan's mixing matrix, for the run folder. */
    public double spectralGap() {
        return MixingWeights.metropolisHastings(graph).spectralGap();
    }

    /**
     * Drives the run to its end, feeding {@code listener} as rounds complete.
     *
     * @throws LinkException when the broker cannot be reached or refuses the coordinator
     * @throws FleetRunException when devices do not show up in time
     */
    public FleetResult run(FleetListener listener) throws LinkException, InterruptedException {
        if (isStar() && starServer == null) {
            throw new IllegalStateException("a star plan (" + wire.getAlgorithm() + ") runs with its server: call serving()");
        }
        ReportCollector collector = collector(listener);
        Set<String> born = new TreeSet<>();
        try (MqttLink mqtt = MqttLink.connect(settings)) {
            link = mqtt;
            subscribe(mqtt, born, collector);
            publishPlan(mqtt);
            awaitBirths(born);
            listener.started(graph, spectralGap());
            collector.started();
            sendControl(Control.Command.START, "all " + plan.nodeIds().size() + " nodes are up");
            AtomicReference<RuntimeException> serverFailure = new AtomicReference<>();
            if (isStar()) {
                serve(mqtt, collector, serverFailure);
            }
            watchUntilFinished(mqtt, collector, serverFailure);
            return finish(collector, listener);
        } finally {
            link = null;
        }
    }

    /** The collector of the plan's nodes' reports (and, for a star, the server's rows and its participants only). */
    private ReportCollector collector(FleetListener listener) {
        List<String> reporters = new ArrayList<>(plan.nodeIds());
        if (isStar()) {
            reporters.add(NodeRound.SERVER);
        }
        ReportCollector collector = new ReportCollector(reporters, graph, plan.spec().rounds(),
                plan.spec().evalEvery(), scorer, listener);
        if (isStar()) {
            collector.onlyRowsOf(StarFleetServer.participants(wire)).awaitingRestartedNodes();
        }
        return collector;
    }

    /** States (BIRTHs into {@code born}, a returning star worker to the server) and metrics go to the collector. */
    private void subscribe(MqttLink mqtt, Set<String> born, ReportCollector collector) throws LinkException {
        String exp = plan.experiment();
        mqtt.subscribe(Topics.allNodes(Topics.Kind.STATE, exp), QOS_ACKED, (topic, payload) -> {
            NodeState state = parse(topic, () -> NodeState.parseFrom(payload));
            if (state != null) {
                synchronized (born) {
                    if (state.getStatus() == NodeState.Status.BIRTH) {
                        born.add(state.getNode());
                        if (starServer != null) { // a star worker back from its checkpoint needs what it missed
                            starServer.workerReturned(state.getNode(), (int) state.getRound());
                        }
                    }
                    born.notifyAll();
                }
                collector.state(state);
            }
        });
        mqtt.subscribe(Topics.allNodes(Topics.Kind.METRICS, exp), QOS_ACKED, (topic, payload) -> {
            RoundReport report = parse(topic, () -> RoundReport.parseFrom(payload));
            if (report != null) {
                collector.report(report);
            }
        });
    }

    /** Clears a stale retained control, then publishes the retained plan. */
    private void publishPlan(MqttLink mqtt) throws LinkException {
        String exp = plan.experiment();
        // A START left from an earlier run of this experiment would start the devices early.
        mqtt.publish(Topics.control(exp), new byte[0], QOS_ACKED, true);
        mqtt.publish(Topics.plan(exp), wire.toByteArray(), QOS_ACKED, true);
        log.info("published the plan of {} ({} nodes, {} rounds); waiting for the devices", exp,
                plan.nodeIds().size(), plan.spec().rounds());
    }

    /**
     * Waits until every node reported its last round or left (or is away past the limit), running the
     * watchdog; a failed star server ABORTs the run, a reconnect republishes plan and control, and a
     * {@link #stop} request becomes a retained STOP.
     */
    private void watchUntilFinished(MqttLink mqtt, ReportCollector collector,
                                    AtomicReference<RuntimeException> serverFailure)
            throws LinkException, InterruptedException {
        long connects = mqtt.connects();
        long awayNanos = awayLimit.toNanos();
        while (!collector.finished(awayNanos)) {
            collector.awaitChange(POLL_MILLIS);
            watchdog.run();
            RuntimeException failed = serverFailure.get();
            if (failed != null) {
                sendControl(Control.Command.ABORT, "the star server failed");
                throw new FleetRunException("star server: " + failed.getMessage());
            }
            if (mqtt.connects() != connects) { // the broker may have restarted without our retained messages
                connects = mqtt.connects();
                log.info("reconnected: publishing the plan and {} again", control.getCommand());
                republish();
            }
            if (stopRequested.get() && control.getCommand() != Control.Command.STOP) {
                sendControl(Control.Command.STOP, "stopped by the operator");
            }
        }
    }

    /**
     * The end of the run: what is left open is written, late and early-leaving nodes are logged, a
     * retained STOP tells devices that start later that the run is over, and the edges go to the listener.
     */
    private FleetResult finish(ReportCollector collector, FleetListener listener) throws LinkException {
        List<EdgeTraffic> edges = collector.close();
        if (isStar()) {
            edges = starServer.edges(collector); // each worker's uplink and the downlink it received
        }
        collector.lateRows().forEach((node, late) -> log.warn("{} re-ran rounds {}-{} after a restart: those {} "
                + "rounds were written already, its first reports of them stand in rounds.csv", node, late.first(),
                late.last(), late.size()));
        for (NodeState left : collector.leftEarly()) {
            log.warn("{} left after round {} of {}: {}", left.getNode(), left.getRound(), plan.spec().rounds(),
                    left.getDetail());
        }
        if (control.getCommand() == Control.Command.START) {
            sendControl(Control.Command.STOP, "finished");
        }
        listener.finished(edges);
        return new FleetResult(spectralGap(), collector.rounds(), edges, collector.finalModels());
    }

    /**
     * Asks the fleet to stop after the current round (Ctrl-C): publishes the retained Control STOP
     * now when connected; the run then ends as the nodes leave.
     */
    public void stop() {
        stopRequested.set(true);
        MqttLink current = link;
        if (current != null && current.isConnected()) {
            try {
                sendControl(Control.Command.STOP, "stopped by the operator");
            } catch (LinkException e) {
                log.warn("cannot publish STOP: {}", e.getMessage());
            }
        }
    }

    /**
     * Serves the star's rounds on its own thread (the run's thread keeps watching the fleet); when
     * it ends early (STOP) the collector hears the server left, and a failure is left in {@code failure}.
     */
    private void serve(MqttLink mqtt, ReportCollector collector, AtomicReference<RuntimeException> failure) {
        Thread server = new Thread(() -> {
            try {
                starServer.run(mqtt, collector::report, stopRequested::get);
            } catch (RuntimeException e) {
                if (!stopRequested.get()) {
                    log.error("star server failed: {}", e.getMessage());
                    failure.set(e);
                    return;
                }
                log.info("star server stopped: {}", e.getMessage()); // workers that stopped send no uplinks
            }
            collector.state(NodeState.newBuilder().setNode(NodeRound.SERVER).setStatus(NodeState.Status.LEAVE).build());
        }, "star-server");
        server.setDaemon(true);
        server.start();
    }

    private void awaitBirths(Set<String> born) throws InterruptedException {
        long deadline = System.nanoTime() + deviceTimeout.toNanos();
        synchronized (born) {
            while (!born.containsAll(plan.nodeIds())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    List<String> missing = plan.nodeIds().stream().filter(id -> !born.contains(id)).toList();
                    throw new FleetRunException("no BIRTH from " + missing.size() + " of " + plan.nodeIds().size()
                            + " devices within " + deviceTimeout.toSeconds() + " s: " + String.join(", ", missing));
                }
                born.wait(Math.max(1, Math.min(left / 1_000_000, POLL_MILLIS)));
                watchdog.run();
            }
        }
    }

    private synchronized void sendControl(Control.Command command, String reason) throws LinkException {
        control = Control.newBuilder().setExperiment(plan.experiment()).setCommand(command)
                .setIssuedMs(System.currentTimeMillis()).setReason(reason).build();
        log.info("control {}: {}", command, reason);
        link.publish(Topics.control(plan.experiment()), control.toByteArray(), QOS_ACKED, true);
    }

    private synchronized void republish() throws LinkException {
        link.publish(Topics.plan(plan.experiment()), wire.toByteArray(), QOS_ACKED, true);
        link.publish(Topics.control(plan.experiment()), control.toByteArray(), QOS_ACKED, true);
    }

    /** {@link #run} as it throws. */
    @FunctionalInterface
    public interface Call {
        FleetResult call() throws LinkException, InterruptedException;
    }

    /** Runs {@code call}, a broker problem as a TransportException, an interrupt as a FleetRunException. */
    public static FleetResult unchecked(Call call) {
        try {
            return call.call();
        } catch (LinkException e) {
            throw new TransportException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetRunException("interrupted while running the fleet");
        }
    }

    private interface Parser<T> {
        T parse() throws InvalidProtocolBufferException;
    }

    private static <T> T parse(String topic, Parser<T> parser) {
        try {
            return parser.parse();
        } catch (InvalidProtocolBufferException e) {
            log.warn("dropping a message on {} that does not parse: {}", topic, e.getMessage());
            return null;
        }
    }
}
