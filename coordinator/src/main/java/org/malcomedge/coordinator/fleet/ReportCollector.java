package org.malcomedge.coordinator.fleet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.ToDoubleFunction;
import org.malcomedge.coordinator.report.Consensus;
import org.malcomedge.coordinator.report.EdgeTraffic;
import org.malcomedge.coordinator.report.FleetRound;
import org.malcomedge.coordinator.report.NodeRound;
import org.malcomedge.coordinator.sim.FleetListener;
import org.malcomedge.coordinator.topology.Graph;
import org.malcomedge.firmware.state.NodeStates;
import org.malcomedge.wire.NodeState;
import org.malcomedge.wire.RoundReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a real fleet's {@link RoundReport}s and {@link NodeState}s, arriving in any order, into
 * the run folder's rows (fleet contract, "Coordinator side"). Round t is written once every node
 * has reported it, is away (DEATH or LEAVE) or has reported a later round (a report lost in a broker
 * restart); a node that comes back and reports rounds already
 * written (a restart re-runs the rounds after its checkpoint) has those late rows counted, not
 * written, so every round appears once. A node's latest report of a round wins while the round is
 * open. Consensus distance and average-model accuracy exist only for the last round, from the
 * nodes' final models. Thread-safe: MQTT callbacks feed it, the run's thread waits on it.
 */
final class ReportCollector {

    private static final Logger log = LoggerFactory.getLogger(ReportCollector.class);

    private final List<String> ids;
    private final Graph graph;
    private final int rounds;
    private final int evalEvery;
    private final Optional<FleetRun.Scorer> scorer;
    private final FleetListener listener;
    /** When the fleet was told to START (elapsed seconds count from here, not from the agents' start-up). */
    private long startNanos;
    private final TreeMap<Integer, Map<String, RoundReport>> open = new TreeMap<>();
    /** Each node's state by the rule of {@link NodeStates} (a will after a LEAVE does not make it dead). */
    private final Map<String, NodeState> states = new HashMap<>();
    private final Map<String, Long> awaySince = new HashMap<>();
    private final Map<String, Integer> lastRound = new HashMap<>();
    private final List<FleetRound> written = new ArrayList<>();
    /** Per node (plan order): payload bits and frame bytes of its written rows. */
    private final long[][] published;
    private final float[][] finalModels;
    private int nextRound = 1;
    /** Per node: the rounds it reported again after they were written (a restart re-running them). */
    private final Map<String, TreeSet<Integer>> lateRows = new TreeMap<>();
    /** Which reports become rows: all, or (a star with partial participation) the round's participants'. */
    private BiPredicate<Integer, String> rowOf = (round, node) -> true;
    /** Whether a dead node's missing report completes a round (gossip), or only a LEAVE's does (a star). */
    private boolean deathCompletesRounds = true;

    ReportCollector(List<String> ids, Graph graph, int rounds, int evalEvery, Optional<FleetRun.Scorer> scorer, FleetListener listener) {
        this.ids = List.copyOf(ids);
        this.graph = graph;
        this.rounds = rounds;
        this.evalEvery = evalEvery;
        this.scorer = scorer;
        this.listener = listener;
        this.startNanos = System.nanoTime();
        this.published = new long[ids.size()][2];
        this.finalModels = new float[ids.size()][];
    }

    /**
     * Writes rows only for the reports {@code rowOf(round, node)} accepts (Rand-MCM: a worker that
     * sits a round out still reports it, so that the round completes, but has no row, as in the
     * simulated star).
     */
    synchronized ReportCollector onlyRowsOf(BiPredicate<Integer, String> rowOf) {
        this.rowOf = rowOf;
        return this;
    }

    /**
     * A DEATH no longer completes a round the node has not reported, only a LEAVE does: a star
     * worker restarted from its checkpoint reports the rounds after it again, and the server cannot
     * pass a round without its participants, so the report will come (a worker that never comes
     * back fails the server on its round timeout, or the run ends after the away limit).
     */
    synchronized ReportCollector awaitingRestartedNodes() {
        this.deathCompletesRounds = false;
        return this;
    }

    /** The fleet starts now: elapsed seconds (fleet.csv, seconds_to_target) count from here. */
    synchronized void started() {
        startNanos = System.nanoTime();
    }

    synchronized void state(NodeState state) {
        if (!ids.contains(state.getNode())) {
            return;
        }
        if (NodeStates.isWillAfterLeave(states.get(state.getNode()), state)) {
            log.debug("{}: its will came after its LEAVE of epoch {}: it left", state.getNode(), state.getEpoch());
            return;
        }
        states.put(state.getNode(), state);
        if (state.getStatus() == NodeState.Status.BIRTH) {
            awaySince.remove(state.getNode());
        } else {
            awaySince.putIfAbsent(state.getNode(), System.nanoTime());
        }
        flush();
        notifyAll();
    }

    synchronized void report(RoundReport report) {
        int round = (int) report.getRound();
        if (!ids.contains(report.getNode()) || round < 1 || round > rounds) {
            log.warn("ignoring a report of node '{}' for round {} (plan: {} nodes, {} rounds)", report.getNode(), round,
                    ids.size(), rounds);
            return;
        }
        lastRound.merge(report.getNode(), round, Math::max);
        if (round < nextRound) {
            lateRows.computeIfAbsent(report.getNode(), n -> new TreeSet<>()).add(round);
            log.debug("{}: late report of round {} (epoch {}), already written", report.getNode(), round, report.getEpoch());
        } else {
            open.computeIfAbsent(round, r -> new LinkedHashMap<>()).put(report.getNode(), report);
        }
        if (round == rounds && !report.getFinalModel().isEmpty()) {
            finalModels[ids.indexOf(report.getNode())] = floats(report.getFinalModel().asReadOnlyByteBuffer());
        }
        flush();
        notifyAll();
    }

    /** True when every node reported the last round or left, or is away for longer than {@code awayNanos}. */
    synchronized boolean finished(long awayNanos) {
        long now = System.nanoTime();
        for (String id : ids) {
            boolean done = lastRound.getOrDefault(id, 0) >= rounds || status(id) == NodeState.Status.LEAVE;
            Long away = awaySince.get(id);
            if (!done && (away == null || now - away < awayNanos)) {
                return false;
            }
        }
        return true;
    }

    /** Waits up to {@code millis} for news. */
    synchronized void awaitChange(long millis) throws InterruptedException {
        wait(millis);
    }

    /** Writes what is left open (rounds some away node never reported) and returns the per-edge traffic. */
    synchronized List<EdgeTraffic> close() {
        while (!open.isEmpty()) {
            nextRound = open.firstKey();
            write(nextRound, open.pollFirstEntry().getValue());
            nextRound++;
        }
        List<EdgeTraffic> edges = new ArrayList<>();
        for (int[] edge : graph.edges()) {
            int a = edge[0];
            int b = edge[1];
            edges.add(new EdgeTraffic(ids.get(a), ids.get(b), published[a][0] + published[b][0],
                    published[a][1] + published[b][1]));
        }
        return edges;
    }

    /** The payload bits and frame bytes of {@code id}'s written rows. */
    synchronized long[] published(String id) {
        return published[ids.indexOf(id)].clone();
    }

    synchronized List<FleetRound> rounds() {
        return List.copyOf(written);
    }

    synchronized float[][] finalModels() {
        return finalModels.clone();
    }

    /** Per node, the rounds whose reports came again after the round was written (the first report stands). */
    synchronized Map<String, SortedSet<Integer>> lateRows() {
        Map<String, SortedSet<Integer>> copy = new TreeMap<>();
        lateRows.forEach((node, late) -> copy.put(node, Collections.unmodifiableSortedSet(new TreeSet<>(late))));
        return copy;
    }

    /** The nodes that left before reporting the last round, with their LEAVE (whose detail says why). */
    synchronized List<NodeState> leftEarly() {
        return ids.stream().map(states::get)
                .filter(s -> s != null && s.getStatus() == NodeState.Status.LEAVE
                        && lastRound.getOrDefault(s.getNode(), 0) < rounds)
                .toList();
    }

    private NodeState.Status status(String id) {
        NodeState state = states.get(id);
        return state == null ? NodeState.Status.STATUS_UNSPECIFIED : state.getStatus();
    }

    /** The nodes whose last round has not been reported (for messages). */
    synchronized List<String> unfinished() {
        return ids.stream().filter(id -> lastRound.getOrDefault(id, 0) < rounds).toList();
    }

    private void flush() {
        while (!open.isEmpty() && open.firstKey() == nextRound && complete(open.firstEntry().getValue())) {
            write(nextRound, open.pollFirstEntry().getValue());
            nextRound++;
        }
        open.headMap(nextRound).clear();
    }

    /**
     * Round {@code nextRound} is complete when every node reported it, is away, or already reported a
     * later round (its report of this one was lost, e.g. in a broker restart).
     */
    private boolean complete(Map<String, RoundReport> reports) {
        for (String id : ids) {
            boolean away = deathCompletesRounds ? NodeStates.isAway(states.get(id)) : status(id) == NodeState.Status.LEAVE;
            boolean past = lastRound.getOrDefault(id, 0) > nextRound;
            if (!reports.containsKey(id) && !away && !past) {
                return false;
            }
        }
        return true;
    }

    private void write(int round, Map<String, RoundReport> reports) {
        boolean evaluated = round % evalEvery == 0 || round == rounds;
        List<RoundReport> inOrder = ids.stream().filter(id -> reports.containsKey(id) && rowOf.test(round, id))
                .map(reports::get).toList();
        long payloadBits = 0;
        long frameBytes = 0;
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        for (RoundReport r : inOrder) {
            int i = ids.indexOf(r.getNode());
            published[i][0] += r.getPayloadBits();
            published[i][1] += r.getFrameBytes();
            payloadBits += r.getPayloadBits();
            frameBytes += r.getFrameBytes();
            listener.nodeRound(new NodeRound(round, r.getNode(), r.getTrainLoss(),
                    evaluated ? r.getTestAccuracy() : Double.NaN, r.getSparsity(), r.getPayloadBits(), r.getFrameBytes(),
                    r.getSocketBytes(), r.getRepairs(), r.getDroppedFrames(), r.getComputeMs(), r.getRoundMs(), elapsed,
                    r.getGamma() > 0 ? r.getGamma() : Double.NaN));
        }
        double distance = Double.NaN;
        double normalized = Double.NaN;
        double averageAccuracy = Double.NaN;
        if (round == rounds) {
            List<float[]> models = java.util.Arrays.stream(finalModels).filter(m -> m != null).toList();
            if (!models.isEmpty()) {
                Consensus consensus = Consensus.of(models);
                distance = consensus.distance();
                normalized = consensus.normalizedDistance();
                averageAccuracy = scorer.map(s -> s.accuracy(consensus.average())).orElse(Double.NaN);
            }
        }
        // A star's server row is the central model: it is the fleet's model accuracy, and not one of the nodes'.
        List<RoundReport> nodes = inOrder.stream().filter(r -> !r.getNode().equals(NodeRound.SERVER)).toList();
        Optional<RoundReport> server = inOrder.stream().filter(r -> r.getNode().equals(NodeRound.SERVER)).findFirst();
        if (server.isPresent()) {
            averageAccuracy = evaluated ? server.get().getTestAccuracy() : Double.NaN;
        }
        FleetRound fleet = new FleetRound(round, distance, normalized,
                evaluated ? mean(nodes, RoundReport::getTestAccuracy) : Double.NaN, averageAccuracy,
                mean(nodes, RoundReport::getSparsity), payloadBits, frameBytes, elapsed);
        written.add(fleet);
        listener.fleetRound(fleet);
    }

    private static double mean(List<RoundReport> reports, ToDoubleFunction<RoundReport> field) {
        return reports.stream().mapToDouble(field).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    private static float[] floats(ByteBuffer bytes) {
        ByteBuffer little = bytes.order(ByteOrder.LITTLE_ENDIAN);
        float[] model = new float[little.remaining() / Float.BYTES];
        little.asFloatBuffer().get(model);
        return model;
    }
}
