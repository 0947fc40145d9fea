package org.malcomedge.coordinator.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.malcomedge.agent.gossip.PartitionSampler;
import org.malcomedge.agent.gossip.Seeds;
import org.malcomedge.agent.star.McmWorker;
import org.malcomedge.agent.star.SplitMixRandom;
import org.malcomedge.agent.star.StarCodecs;
import org.malcomedge.agent.star.StarFrames;
import org.malcomedge.agent.train.EvaluationSet;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.agent.vector.Vectors;
import org.malcomedge.coordinator.network.StarNetwork;
import org.malcomedge.coordinator.report.Consensus;
import org.malcomedge.coordinator.report.EdgeTraffic;
import org.malcomedge.coordinator.report.FleetRound;
import org.malcomedge.coordinator.report.NodeRound;
import org.malcomedge.coordinator.topology.Graph;
import org.malcomedge.wire.ResidualFrame;

/**
 * A star-mode run in one JVM (DESIGN.md section 4, MCM): a server and n workers over a
 * {@link StarNetwork} (in memory, or one MQTT connection each to a real broker). Each round: draw the
 * participants, the server publishes its downlink to them, each participant takes it, computes its
 * gradient and publishes its uplink (parallel), the server takes the uplinks in participant order,
 * aggregates and steps.
 *
 * <p>Metrics, in the same rows as the gossip fleet: one {@link NodeRound} per participating worker
 * (its training loss at w_hat, the accuracy of w_hat, and its <em>uplink</em>: payload bits, frame
 * bytes, socket bytes sent), then one row for node {@value #SERVER} holding the <em>downlink</em> the
 * server published (a broadcast counts once, Rand-MCM's per-worker messages each), and, in evaluation
 * rounds, the accuracy of the central model w and its training loss on a seeded subsample of
 * {@value StarServerSide#TRAIN_LOSS_SAMPLES} training rows (seed 003 compares training losses of the central
 * model). The {@link FleetRound} sums both directions; its average-model accuracy is that of w, its
 * consensus distance is that of the workers' w_hat. Deterministic by seed whatever the thread count
 * and the network.
 */
public final class StarFleet {

    /** The server's node id in rows, edges and topics. */
    public static final String SERVER = NodeRound.SERVER;

    private final StarConfig config;
    private final Workload workload;
    private final int n;
    private final String[] ids;
    private final McmWorker[] workers;
    private final StarServerSide server;
    private final EvaluationSet evaluationSet;
    private final StarNetwork network;
    /** Per worker: {uplink bits, downlink bits, uplink frame bytes, downlink frame bytes} over the run. */
    private final long[][] traffic;
    /** Socket bytes sent by worker i (index n: the server) when its last row was written. */
    private final long[] socketSeen;
    /** This round's figures of worker i, written by its own task. */
    private final double[] computeMillis;
    private final long[] uplinkBits;
    private final int[] uplinkFrameBytes;

    /** A star on the in-memory network. */
    public StarFleet(StarConfig config) {
        this(config, StarNetwork.memory());
    }

    /** A star on {@code network}, which this connects now and the caller closes after the run. */
    public StarFleet(StarConfig config, StarNetwork network) {
        this.config = config;
        this.workload = config.workload();
        this.n = config.workers();
        this.ids = new String[n];
        Arrays.setAll(ids, Graph::id);
        boolean downlinkMemory = StarCodecs.downlinkMemory(config.algorithm());
        this.workers = new McmWorker[n];
        for (int i = 0; i < n; i++) {
            workers[i] = new McmWorker(workload.initialModel(), config.up(), config.down(), config.alphaUp(),
                    config.alphaDown(), downlinkMemory,
                    new PartitionSampler(workload.train(), workload.partitions()[i], workload.batch(),
                            new SplittableRandom(Seeds.derive(workload.seed(), i, Seeds.BATCHES))),
                    new SplitMixRandom(Seeds.derive(workload.seed(), i, Seeds.COMPRESSION)));
        }
        this.server = new StarServerSide(config, List.of(ids), network);
        this.evaluationSet = new EvaluationSet(workload.test(), workload.evaluation().testSamples(),
                Seeds.derive(workload.seed(), Seeds.FLEET, Seeds.EVALUATION));
        this.traffic = new long[n][4];
        this.socketSeen = new long[n + 1];
        this.computeMillis = new double[n];
        this.uplinkBits = new long[n];
        this.uplinkFrameBytes = new int[n];
        this.network = network;
        network.connect(workload.experiment(), SERVER, List.of(ids));
    }

    /** Runs every round, reporting to {@code listener}; the result's final models are the workers' w_hat. */
    public FleetResult run(FleetListener listener) {
        List<FleetRound> rounds = new ArrayList<>();
        long started = System.nanoTime();
        int d = workload.initialModel().length;
        try (Workers pool = new Workers(workload.threads(), workload.trainers())) {
            if (d != pool.trainer().dimension()) {
                throw new IllegalArgumentException("initial model has " + d + " parameters, the trainer's model "
                        + pool.trainer().dimension());
            }
            for (int t = 1; t <= workload.rounds(); t++) {
                int round = t;
                int[] participants = server.participants();
                long s0 = System.nanoTime();
                StarServerSide.Sent downlink = server.downlink(round, participants);
                double serverMillis = (System.nanoTime() - s0) / 1e6;
                pool.forEach(participants.length, k -> workerRound(participants[k], round, pool.trainer()));
                s0 = System.nanoTime();
                server.aggregate(round, participants);
                serverMillis += (System.nanoTime() - s0) / 1e6;

                FleetRound summary = report(round, participants, downlink.bits(), downlink.frameBytes(),
                        serverMillis, pool, listener, (System.nanoTime() - started) / 1e9);
                rounds.add(summary);
                listener.fleetRound(summary);
            }
        }
        List<EdgeTraffic> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            edges.add(new EdgeTraffic(SERVER, ids[i], traffic[i][0] + traffic[i][1], traffic[i][2] + traffic[i][3]));
        }
        listener.finished(edges);
        float[][] models = new float[n][];
        Arrays.setAll(models, i -> workers[i].model());
        return new FleetResult(Double.NaN, rounds, edges, models);
    }

    /** Worker i's part of a round: take its downlink, step, publish its uplink; its figures go into the round's arrays. */
    private void workerRound(int i, long round, Trainer trainer) {
        int d = workload.initialModel().length;
        long t0 = System.nanoTime();
        ResidualFrame down = network.take(ids[i], SERVER, round);
        workers[i].receive(StarFrames.payload(down, config.down().spec(), d));
        byte[] up = workers[i].uplink(trainer);
        computeMillis[i] = (System.nanoTime() - t0) / 1e6;
        ResidualFrame frame = StarFrames.frame(workload.experiment(), ids[i], round, config.up().spec(), d, up);
        network.publishUp(frame);
        uplinkBits[i] = 8L * up.length;
        uplinkFrameBytes[i] = frame.getSerializedSize();
        traffic[i][0] += uplinkBits[i];
        traffic[i][1] += 8L * down.getPayload().size();
        traffic[i][2] += uplinkFrameBytes[i];
        traffic[i][3] += down.getSerializedSize();
    }

    /** The round's rows: each participant's (its uplink), then the server's (the downlink, the central model); returns the fleet row. */
    private FleetRound report(int t, int[] participants, long downlinkBits, long downlinkFrameBytes, double serverMillis,
            Workers pool, FleetListener listener, double elapsedSeconds) {
        boolean evaluate = t % workload.evaluation().everyRounds() == 0 || t == workload.rounds();
        double[] accuracy = new double[n];
        Arrays.fill(accuracy, Double.NaN);
        if (evaluate) {
            pool.forEach(participants.length, k -> accuracy[participants[k]] =
                    evaluationSet.accuracy(pool.trainer(), workers[participants[k]].model()));
        }
        long bits = downlinkBits;
        long frameBytes = downlinkFrameBytes;
        double sparsity = 0;
        for (int i : participants) {
            double workerSparsity = Vectors.sparsity(workers[i].model());
            listener.nodeRound(new NodeRound(t, ids[i], workers[i].trainLoss(), accuracy[i], workerSparsity,
                    uplinkBits[i], uplinkFrameBytes[i], socketBytesSince(i, ids[i]), 0, 0,
                    computeMillis[i], computeMillis[i], elapsedSeconds));
            bits += uplinkBits[i];
            frameBytes += uplinkFrameBytes[i];
            sparsity += workerSparsity;
        }
        float[] w = server.model();
        StarServerSide.Central central = server.evaluate(t, pool.trainer());
        double centralAccuracy = central.accuracy();
        listener.nodeRound(new NodeRound(t, SERVER, central.loss(), centralAccuracy, Vectors.sparsity(w), downlinkBits,
                downlinkFrameBytes, socketBytesSince(n, SERVER), 0, 0, serverMillis, serverMillis, elapsedSeconds));
        Consensus consensus = Consensus.of(Arrays.stream(workers).map(McmWorker::model).toList());
        double meanAccuracy = Arrays.stream(accuracy).filter(a -> !Double.isNaN(a)).average().orElse(Double.NaN);
        return new FleetRound(t, consensus.distance(), consensus.normalizedDistance(), meanAccuracy, centralAccuracy,
                sparsity / participants.length, bits, frameBytes, elapsedSeconds);
    }

    /** Socket bytes {@code node} sent since its last row (index n: the server); -1 without sockets. */
    private long socketBytesSince(int index, String node) {
        long now = network.socketBytes(node);
        if (now < 0) {
            return -1;
        }
        long delta = now - socketSeen[index];
        socketSeen[index] = now;
        return delta;
    }
    /** The central model w. */
    public float[] centralModel() {
        return server.model();
    }
}
