package org.malcomedge.coordinator.fleet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.malcomedge.agent.gossip.GossipNode;
import org.malcomedge.agent.gossip.NodeStats;
import org.malcomedge.agent.gossip.PartitionSampler;
import org.malcomedge.agent.transport.InMemoryNetwork;
import org.malcomedge.agent.transport.Transport;
import org.malcomedge.coordinator.report.EdgeTraffic;
import org.malcomedge.coordinator.report.FleetRound;
import org.malcomedge.coordinator.report.NodeRound;
import org.malcomedge.coordinator.topology.Graph;
import org.malcomedge.coordinator.topology.MixingWeights;
import org.malcomedge.wire.ResidualFrame;

/**
 * n gossip nodes in one JVM over an {@link InMemoryNetwork}, in synchronous rounds:
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
    private final int n;
    private final String[] ids;
    private final GossipNode[] nodes;
    private final Transport[] transports;
    private final InMemoryNetwork network;
    private final EvaluationSet evaluationSet;
    /** traffic[i]: sender id -> {payload bits, frame bytes} delivered to node i. */
    private final List<Map<String, long[]>> traffic = new ArrayList<>();
    /** Frames lost on their way to node i (counted on the publishing threads). */
    private final AtomicLongArray lostTowards;
    private Graph graph;

    public SimulatedFleet(FleetConfig config) {
        this.config = config;
        this.n = config.topology().size();
        this.ids = new String[n];
        Arrays.setAll(ids, Graph::id);
        this.nodes = new GossipNode[n];
        this.transports = new Transport[n];
        this.lostTowards = new AtomicLongArray(n);
        this.network = new InMemoryNetwork(config.links());
        this.evaluationSet = new EvaluationSet(config.test(), config.evaluation().testSamples(), derive(config.seed(), -1, 3));
        this.graph = config.topology().graphAt(1);
        MixingWeights weights = MixingWeights.metropolisHastings(graph);
        for (int i = 0; i < n; i++) {
            int node = i;
            nodes[i] = new GossipNode(ids[i], config.experiment(), 0, config.initialModel(), neighbourWeights(weights, i),
                    config.compressor(), config.gossip(),
                    new PartitionSampler(config.train(), config.partitions()[i], config.batch(),
                            new SplittableRandom(derive(config.seed(), i, 1))),
                    new SplittableRandom(derive(config.seed(), i, 2)));
            transports[i] = network.connect(ids[i]);
            transports[i].onKeyframeRequest(() -> transports[node].publishKeyframe(nodes[node].keyframe()));
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
        double gap = MixingWeights.metropolisHastings(graph).spectralGap();
        listener.started(graph, gap);
        List<FleetRound> rounds = new ArrayList<>();
        long started = System.nanoTime();
        double[] wallMillis = new double[n];
        long[] lostBefore = new long[n];
        try (Workers workers = new Workers(config.threads(), config.trainers())) {
            if (config.initialModel().length != workers.trainer().dimension()) {
                throw new IllegalArgumentException("initial model has " + config.initialModel().length
                        + " parameters, the trainer's model " + workers.trainer().dimension());
            }
            for (int t = 1; t <= config.rounds(); t++) {
                int round = t;
                workers.forEach(n, i -> {
                    long t0 = System.nanoTime();
                    transports[i].publish(nodes[i].prepare(round, workers.trainer()));
                    wallMillis[i] = (System.nanoTime() - t0) / 1e6;
                });
                workers.forEach(n, i -> network.deliver(ids[i]));
                workers.forEach(n, i -> {
                    long t0 = System.nanoTime();
                    nodes[i].finishRound(round);
                    wallMillis[i] += (System.nanoTime() - t0) / 1e6;
                });
                if (t < config.rounds()) {
                    followTopology(config.topology().graphAt(t + 1));
                }
                repair(workers);
                network.tick();

                boolean evaluate = t % config.evaluation().everyRounds() == 0 || t == config.rounds();
                double[] accuracy = new double[n];
                if (evaluate) {
                    workers.forEach(n, i -> accuracy[i] = evaluationSet.accuracy(workers.trainer(), nodes[i].model()));
                } else {
                    Arrays.fill(accuracy, Double.NaN);
                }
                long payloadBits = 0;
                long frameBytes = 0;
                double sparsity = 0;
                for (int i = 0; i < n; i++) {
                    NodeStats stats = nodes[i].stats();
                    double nodeSparsity = nodes[i].sparsity();
                    listener.nodeRound(new NodeRound(t, ids[i], stats.trainLoss(), accuracy[i], nodeSparsity,
                            stats.payloadBits(), stats.frameBytes(), -1, stats.repairs(),
                            stats.droppedFrames() + (int) (lostTowards.get(i) - lostBefore[i]),
                            stats.computeMillis(), wallMillis[i]));
                    lostBefore[i] = lostTowards.get(i);
                    payloadBits += stats.payloadBits();
                    frameBytes += stats.frameBytes();
                    sparsity += nodeSparsity / n;
                }
                double[] mean = average();
                double distance = consensusDistance(mean);
                double norm = 0;
                for (double m : mean) {
                    norm += m * m;
                }
                double averageAccuracy = Double.NaN;
                double meanAccuracy = Double.NaN;
                if (evaluate) {
                    float[] xbar = new float[mean.length];
                    for (int k = 0; k < mean.length; k++) {
                        xbar[k] = (float) mean[k];
                    }
                    averageAccuracy = evaluationSet.accuracy(workers.trainer(), xbar);
                    meanAccuracy = Arrays.stream(accuracy).average().orElse(Double.NaN);
                }
                FleetRound summary = new FleetRound(t, distance, norm > 0 ? distance / norm : Double.NaN, meanAccuracy,
                        averageAccuracy, sparsity, payloadBits, frameBytes, (System.nanoTime() - started) / 1e9);
                rounds.add(summary);
                listener.fleetRound(summary);
            }
        }
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
        boolean asked = false;
        for (int i = 0; i < n; i++) {
            for (String sender : nodes[i].takeKeyframeRequests()) {
                transports[i].requestKeyframe(sender);
                asked = true;
            }
        }
        if (asked && network.serveKeyframeRequests() > 0) {
            workers.forEach(n, i -> network.deliver(ids[i]));
        }
    }

    /** Time-varying topology: new neighbourhoods, subscriptions follow the edges. */
    private void followTopology(Graph next) {
        if (next.equals(graph)) {
            return;
        }
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
            nodes[i].setNeighbours(neighbourWeights(weights, i));
        }
        graph = next;
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

    /** xbar, summed in node order. */
    private double[] average() {
        double[] mean = new double[config.initialModel().length];
        for (GossipNode node : nodes) {
            float[] x = node.model();
            for (int k = 0; k < mean.length; k++) {
                mean[k] += x[k];
            }
        }
        for (int k = 0; k < mean.length; k++) {
            mean[k] /= n;
        }
        return mean;
    }

    /** (1/n) sum_i ||x_i - xbar||^2. */
    private double consensusDistance(double[] mean) {
        double sum = 0;
        for (GossipNode node : nodes) {
            float[] x = node.model();
            for (int k = 0; k < mean.length; k++) {
                double diff = x[k] - mean[k];
                sum += diff * diff;
            }
        }
        return sum / n;
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

    /** A per-node, per-purpose seed (SplitMix64 finalizer over seed, node and purpose). */
    static long derive(long seed, int node, int purpose) {
        long z = seed + 0x9E3779B97F4A7C15L * (node + 1L) + 0xD1B54A32D192ED03L * purpose;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
