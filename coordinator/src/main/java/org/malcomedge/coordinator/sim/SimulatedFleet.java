package org.malcomedge.coordinator.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.malcomedge.agent.train.EvaluationSet;
import org.malcomedge.agent.gossip.GossipNode;
import org.malcomedge.agent.gossip.NodeFactory;
import org.malcomedge.agent.gossip.NodeStats;
import org.malcomedge.agent.gossip.Seeds;
import org.malcomedge.agent.transport.Transport;
import org.malcomedge.coordinator.network.FleetNetwork;
import org.malcomedge.coordinator.report.Consensus;
import org.malcomedge.coordinator.report.EdgeTraffic;
import org.malcomedge.coordinator.report.FleetRound;
import org.malcomedge.coordinator.report.NodeRound;
import org.malcomedge.coordinator.topology.Graph;
import org.malcomedge.coordinator.topology.MixingWeights;
import org.malcomedge.wire.ResidualFrame;

/**
 * n gossip nodes in one JVM over a {@link FleetNetwork} (in memory, or one MQTT connection per
 * node to a real broker), in synchronous rounds:
 * <ol>
 *   <li>every node: local SGD, compress, publish its frame (parallel);</li>
 *   <li>the network delivers every due frame, each receiver in a fixed order (parallel by receiver);</li>
 *   <li>every node: consensus step (parallel);</li>
 *   <li>repair: keyframe requests (gaps, restarts, neighbours new to a time-varying graph) are
 *       served and delivered, so the next round starts with usable estimates;</li>
 *   <li>metrics, in node order.</li>
 * </ol>
 * Deterministic by seed whatever the thread count: each node has its own generators (derived from
 * the seed and its index) and only sees frames in the network's fixed delivery order; fleet-wide
 * sums are taken sequentially in node order.
 */
public final class SimulatedFleet {

    private final FleetConfig config;
    private final Workload workload;
    private final int n;
    private final String[] ids;
    private final GossipNode[] nodes;
    private final Transport[] transports;
    private final FleetNetwork network;
    private final EvaluationSet evaluationSet;
    /** traffic[i]: sender id -> {payload bits, frame bytes} delivered to node i. */
    private final List<Map<String, long[]>> traffic = new ArrayList<>();
    /** Frames lost on their way to node i (counted on the publishing threads). */
    private final AtomicLongArray lostTowards;
    /** lostTowards[i] when node i's last row was written. */
    private final long[] lostBefore;
    /** Bytes node i's socket had sent when its last round ended (negative: no socket). */
    private final long[] socketBefore;
    /** Node i's wall time in the current round (local step and consensus step). */
    private final double[] wallMillis;
    /** The topology's graph of the current round. */
    private Graph base;
    /** Who takes part in the current round. */
    private boolean[] present;
    /** base restricted to the present nodes: the edges that carry frames this round. */
    private Graph graph;

    /** A fleet on the in-memory network, frames delayed or lost as {@code config.links()} says. */
    public SimulatedFleet(FleetConfig config) {
        this(config, FleetNetwork.memory(config.links()));
    }

    /** A fleet on {@code network}, which the caller closes after the run. */
    public SimulatedFleet(FleetConfig config, FleetNetwork network) {
        this.config = config;
        this.workload = config.workload();
        this.n = config.topology().size();
        this.ids = new String[n];
        Arrays.setAll(ids, Graph::id);
        this.nodes = new GossipNode[n];
        this.transports = new Transport[n];
        this.lostTowards = new AtomicLongArray(n);
        this.lostBefore = new long[n];
        this.socketBefore = new long[n];
        this.wallMillis = new double[n];
        this.network = network;
        this.evaluationSet = new EvaluationSet(workload.test(), workload.evaluation().testSamples(),
                Seeds.derive(workload.seed(), Seeds.FLEET, Seeds.EVALUATION));
        this.base = config.topology().graphAt(1);
        this.present = presence(1);
        this.graph = restrict(base, present);
        MixingWeights weights = MixingWeights.metropolisHastings(graph);
        NodeFactory factory = new NodeFactory(workload.experiment(), config.gossip(), config.compressor(), workload.train(),
                workload.partitions(), workload.initialModel(), workload.batch(), workload.seed());
        for (int i = 0; i < n; i++) {
            int node = i;
            nodes[i] = factory.node(i, ids[i], 0, neighbourWeights(weights, i));
            transports[i] = network.connect(workload.experiment(), ids[i]);
            transports[i].onKeyframeRequest(() -> transports[node].publish(nodes[node].keyframe()));
            Map<String, long[]> received = new HashMap<>();
            traffic.add(received);
            transports[i].addTrafficListener(new Transport.TrafficListener() {
                @Override
                public void delivered(ResidualFrame frame, int frameBytes) {
                    long[] edge = received.computeIfAbsent(frame.getSender(), s -> new long[2]);
                    edge[0] += 8L * frame.getPayload().size();
                    edge[1] += frameBytes;
                }

                @Override
                public void lost(ResidualFrame frame) {
                    lostTowards.incrementAndGet(node);
                }
            });
            for (int j : graph.neighbours(i)) {
                transports[i].subscribe(ids[j], nodes[i]::receive);
            }
        }
    }

    /** Runs every round, reporting to {@code listener}. */
    public FleetResult run(FleetListener listener) {
        double gap = MixingWeights.metropolisHastings(base).spectralGap();
        listener.started(base, gap);
        List<FleetRound> rounds = new ArrayList<>();
        long started = System.nanoTime();
        Arrays.setAll(socketBefore, i -> network.socketBytes(ids[i]));
        try (Workers workers = new Workers(workload.threads(), workload.trainers())) {
            checkDimension(workers);
            for (int t = 1; t <= workload.rounds(); t++) {
                boolean[] active = present; // round t's members (follow() sets round t+1's)
                localSteps(t, active, workers);
                network.deliverRound(t, workers);
                consensusSteps(t, active, workers);
                if (t < workload.rounds()) {
                    follow(config.topology().graphAt(t + 1), presence(t + 1));
                }
                repair(workers);
                network.tick();
                double[] accuracy = evaluate(t, active, workers);
                Totals totals = nodeRows(t, active, accuracy, listener, started);
                FleetRound summary = fleetRow(t, totals, accuracy, workers, started);
                rounds.add(summary);
                listener.fleetRound(summary);
            }
        }
        return finish(gap, rounds, listener);
    }

    private void checkDimension(Workers workers) {
        if (workload.initialModel().length != workers.trainer().dimension()) {
            throw new IllegalArgumentException("initial model has " + workload.initialModel().length
                    + " parameters, the trainer's model " + workers.trainer().dimension());
        }
    }

    /** Every present node: local SGD, compress, publish its frame (parallel); its wall time starts here. */
    private void localSteps(int round, boolean[] active, Workers workers) {
        workers.forEach(n, i -> {
            if (active[i]) {
                long t0 = System.nanoTime();
                transports[i].publish(nodes[i].prepare(round, workers.trainer()));
                wallMillis[i] = (System.nanoTime() - t0) / 1e6;
            }
        });
    }

    /** Every present node: the consensus step on what was delivered (parallel), added to its wall time. */
    private void consensusSteps(int round, boolean[] active, Workers workers) {
        workers.forEach(n, i -> {
            if (active[i]) {
                long t0 = System.nanoTime();
                nodes[i].finishRound(round);
                wallMillis[i] += (System.nanoTime() - t0) / 1e6;
            }
        });
    }

    /** Evaluation rounds: every {@code everyRounds}-th round and the last. */
    private boolean evaluated(int round) {
        return round % workload.evaluation().everyRounds() == 0 || round == workload.rounds();
    }

    /** Each present node's test accuracy in evaluation rounds (parallel); NaN otherwise and for absent nodes. */
    private double[] evaluate(int round, boolean[] active, Workers workers) {
        double[] accuracy = new double[n];
        Arrays.fill(accuracy, Double.NaN);
        if (evaluated(round)) {
            workers.forEach(n, i -> {
                if (active[i]) {
                    accuracy[i] = evaluationSet.accuracy(workers.trainer(), nodes[i].model());
                }
            });
        }
        return accuracy;
    }

    /** A round's sums over the rows of its present nodes. */
    private record Totals(long payloadBits, long frameBytes, double sparsity, int taking) {
    }

    /**
     * One row per present node, in node order, to {@code listener}; every node's socket counter moves
     * on (an absent node's bytes are not carried into its next row).
     */
    private Totals nodeRows(int t, boolean[] active, double[] accuracy, FleetListener listener, long started) {
        long payloadBits = 0;
        long frameBytes = 0;
        double sparsity = 0;
        int taking = 0;
        double roundEnded = (System.nanoTime() - started) / 1e9;
        for (int i = 0; i < n; i++) {
            long socket = network.socketBytes(ids[i]);
            long socketThisRound = socket < 0 ? -1 : socket - socketBefore[i];
            socketBefore[i] = socket;
            if (!active[i]) {
                continue; // away: no row this round
            }
            taking++;
            NodeStats stats = nodes[i].takeStats();
            double nodeSparsity = nodes[i].sparsity();
            listener.nodeRound(new NodeRound(t, ids[i], stats.trainLoss(), accuracy[i], nodeSparsity,
                    stats.payloadBits(), stats.frameBytes(), socketThisRound, stats.repairs(),
                    stats.droppedFrames() + (int) (lostTowards.get(i) - lostBefore[i]),
                    stats.computeMillis(), wallMillis[i], roundEnded, stats.gamma()));
            lostBefore[i] = lostTowards.get(i);
            payloadBits += stats.payloadBits();
            frameBytes += stats.frameBytes();
            sparsity += nodeSparsity;
        }
        return new Totals(payloadBits, frameBytes, sparsity, taking);
    }

    /**
     * The fleet row: consensus over all n models (an absent node keeps its own), and in evaluation
     * rounds the accuracy of their average and the mean of the nodes' accuracies.
     */
    private FleetRound fleetRow(int t, Totals totals, double[] accuracy, Workers workers, long started) {
        Consensus consensus = Consensus.of(Arrays.stream(nodes).map(GossipNode::model).toList());
        double averageAccuracy = Double.NaN;
        double meanAccuracy = Double.NaN;
        if (evaluated(t)) {
            averageAccuracy = evaluationSet.accuracy(workers.trainer(), consensus.average());
            meanAccuracy = Arrays.stream(accuracy).filter(a -> !Double.isNaN(a)).average().orElse(Double.NaN);
        }
        return new FleetRound(t, consensus.distance(), consensus.normalizedDistance(), meanAccuracy, averageAccuracy,
                totals.taking() > 0 ? totals.sparsity() / totals.taking() : Double.NaN, totals.payloadBits(),
                totals.frameBytes(), (System.nanoTime() - started) / 1e9);
    }

    /** After the last round: the edges' traffic to {@code listener}, and the result with every node's model. */
    private FleetResult finish(double gap, List<FleetRound> rounds, FleetListener listener) {
        List<EdgeTraffic> edges = edgeTraffic();
        listener.finished(edges);
        float[][] models = new float[n][];
        for (int i = 0; i < n; i++) {
            models[i] = nodes[i].model();
        }
        return new FleetResult(gap, rounds, edges, models);
    }

    /** Keyframe requests go out, are served, and the keyframes delivered. */
    private void repair(Workers workers) {
        for (int i = 0; i < n; i++) {
            for (String sender : nodes[i].takeKeyframeRequests()) {
                transports[i].requestKeyframe(sender);
            }
        }
        network.repair(workers);
    }

    /**
     * The next round's graph (time-varying topology) and membership (dropouts): edges to absent
     * nodes are dropped, MH weights recomputed on what remains, subscriptions follow the edges, a
     * returning node is re-admitted and repaired by keyframes.
     */
    private void follow(Graph nextBase, boolean[] nextPresent) {
        if (nextBase.equals(base) && Arrays.equals(nextPresent, present)) {
            return;
        }
        Graph next = restrict(nextBase, nextPresent);
        MixingWeights weights = MixingWeights.metropolisHastings(next);
        for (int i = 0; i < n; i++) {
            for (int j : graph.neighbours(i)) {
                if (!next.hasEdge(i, j)) {
                    transports[i].unsubscribe(ids[j]);
                }
            }
            for (int j : next.neighbours(i)) {
                if (!graph.hasEdge(i, j)) {
                    transports[i].subscribe(ids[j], nodes[i]::receive);
                }
            }
            if (nextPresent[i]) {
                nodes[i].setNeighbours(neighbourWeights(weights, i));
                if (!present[i]) {
                    nodes[i].rejoin();
                }
            }
        }
        base = nextBase;
        present = nextPresent;
        graph = next;
    }

    private boolean[] presence(int round) {
        boolean[] in = new boolean[n];
        for (int i = 0; i < n; i++) {
            in[i] = config.dropouts().present(i, round);
        }
        return in;
    }

    /** The edges of {@code graph} between present nodes. */
    private static Graph restrict(Graph graph, boolean[] present) {
        List<int[]> edges = new ArrayList<>();
        for (int[] edge : graph.edges()) {
            if (present[edge[0]] && present[edge[1]]) {
                edges.add(edge);
            }
        }
        return edges.size() == graph.edgeCount() ? graph : Graph.of(graph.size(), edges);
    }

    private Map<String, Double> neighbourWeights(MixingWeights weights, int i) {
        Map<String, Double> map = new LinkedHashMap<>();
        int[] neighbours = weights.graph().neighbours(i);
        double[] w = weights.neighbourWeights(i);
        for (int k = 0; k < neighbours.length; k++) {
            map.put(ids[neighbours[k]], w[k]);
        }
        return map;
    }

    /** Both directions of every edge that carried traffic, edges in id order. */
    private List<EdgeTraffic> edgeTraffic() {
        Map<String, long[]> byEdge = new TreeMap<>();
        Map<String, String[]> ends = new HashMap<>();
        for (int i = 0; i < n; i++) {
            for (Map.Entry<String, long[]> in : traffic.get(i).entrySet()) {
                int j = Integer.parseInt(in.getKey().substring(1));
                int a = Math.min(i, j);
                int b = Math.max(i, j);
                String key = String.format("%09d-%09d", a, b);
                ends.put(key, new String[] {ids[a], ids[b]});
                long[] sum = byEdge.computeIfAbsent(key, k -> new long[2]);
                sum[0] += in.getValue()[0];
                sum[1] += in.getValue()[1];
            }
        }
        List<EdgeTraffic> edges = new ArrayList<>();
        for (Map.Entry<String, long[]> edge : byEdge.entrySet()) {
            String[] ab = ends.get(edge.getKey());
            edges.add(new EdgeTraffic(ab[0], ab[1], edge.getValue()[0], edge.getValue()[1]));
        }
        return edges;
    }
}
