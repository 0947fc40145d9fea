package org.malcomedge.coordinator.fleet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.malcomedge.agent.data.EvaluationSet;
import org.malcomedge.agent.gossip.PartitionSampler;
import org.malcomedge.agent.gossip.Seeds;
import org.malcomedge.agent.star.McmServer;
import org.malcomedge.agent.star.McmWorker;
import org.malcomedge.agent.star.Participation;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.coordinator.report.EdgeTraffic;
import org.malcomedge.coordinator.report.FleetRound;
import org.malcomedge.coordinator.report.NodeRound;
import org.malcomedge.coordinator.topology.Graph;

/**
 * A star-mode run in one JVM (DESIGN.md section 4, MCM): a server and n workers, messages passed
 * in memory. Each round: draw the participants, the server's downlink to them, each participant
 * receives it, computes its gradient and uplinks (parallel), the server aggregates and steps.
 *
 * <p>Metrics, in the same rows as the gossip fleet: one {@link NodeRound} per participating worker
 * (its training loss at w_hat, the accuracy of w_hat, and its <em>uplink</em> bits), then one row for
 * node {@value #SERVER} holding the <em>downlink</em> bits the server published (a broadcast counts
 * once, Rand-MCM's per-worker messages each) and the accuracy of the central model w. The
 * {@link FleetRound} sums both directions; its average-model accuracy is that of w, its consensus
 * distance is that of the workers' w_hat. Deterministic by seed whatever the thread count.
 */
public final class StarFleet {

    /** The server's node id in rows and edges. */
    public static final String SERVER = "server";

    private final StarConfig config;
    private final int n;
    private final String[] ids;
    private final McmWorker[] workers;
    private final McmServer server;
    private final Participation participation;
    private final SplittableRandom serverRandom;
    private final EvaluationSet evaluationSet;
    /** Per worker: {uplink bits, downlink bits} over the run. */
    private final long[][] traffic;

    public StarFleet(StarConfig config) {
        this.config = config;
        this.n = config.workers();
        this.ids = new String[n];
        Arrays.setAll(ids, Graph::id);
        boolean downlinkMemory = config.algorithm() == StarAlgorithm.MCM || config.algorithm() == StarAlgorithm.RAND_MCM;
        this.workers = new McmWorker[n];
        for (int i = 0; i < n; i++) {
            workers[i] = new McmWorker(config.initialModel(), config.up(), config.down(), config.alphaUp(),
                    config.alphaDown(), downlinkMemory,
                    new PartitionSampler(config.train(), config.partitions()[i], config.batch(),
                            new SplittableRandom(Seeds.derive(config.seed(), i, Seeds.BATCHES))),
                    new SplittableRandom(Seeds.derive(config.seed(), i, Seeds.COMPRESSION)));
        }
        this.server = new McmServer(config.algorithm(), config.initialModel(), n, config.up(), config.down(),
                config.alphaUp(), config.alphaDown(), config.eta());
        this.participation = new Participation(n, config.participation(),
                Seeds.derive(config.seed(), Seeds.SERVER, Seeds.PARTICIPATION));
        this.serverRandom = new SplittableRandom(Seeds.derive(config.seed(), Seeds.SERVER, Seeds.COMPRESSION));
        this.evaluationSet = new EvaluationSet(config.test(), config.evaluation().testSamples(),
                Seeds.derive(config.seed(), Seeds.FLEET, Seeds.EVALUATION));
        this.traffic = new long[n][2];
    }

    /** Runs every round, reporting to {@code listener}; the result's final models are the workers' w_hat. */
    public FleetResult run(FleetListener listener) {
        List<FleetRound> rounds = new ArrayList<>();
        long started = System.nanoTime();
        double[] computeMillis = new double[n];
        long[] uplinkBits = new long[n];
        try (Workers pool = new Workers(config.threads(), config.trainers())) {
            if (config.initialModel().length != pool.trainer().dimension()) {
                throw new IllegalArgumentException("initial model has " + config.initialModel().length
                        + " parameters, the trainer's model " + pool.trainer().dimension());
            }
            for (int t = 1; t <= config.rounds(); t++) {
                int[] participants = participation.next();
                long s0 = System.nanoTime();
                McmServer.Downlink downlink = server.downlink(participants, serverRandom);
                double serverMillis = (System.nanoTime() - s0) / 1e6;
                byte[][] uplinks = new byte[participants.length][];
                pool.forEach(participants.length, k -> {
                    int i = participants[k];
                    long t0 = System.nanoTime();
                    workers[i].receive(downlink.payloads()[k]);
                    uplinks[k] = workers[i].uplink(pool.trainer());
                    computeMillis[i] = (System.nanoTime() - t0) / 1e6;
                    uplinkBits[i] = 8L * uplinks[k].length;
                    traffic[i][0] += uplinkBits[i];
                    traffic[i][1] += 8L * downlink.payloads()[k].length;
                });
                s0 = System.nanoTime();
                server.aggregate(Arrays.asList(uplinks));
                serverMillis += (System.nanoTime() - s0) / 1e6;

                boolean evaluate = t % config.evaluation().everyRounds() == 0 || t == config.rounds();
                double[] accuracy = new double[n];
                Arrays.fill(accuracy, Double.NaN);
                if (evaluate) {
                    pool.forEach(participants.length, k -> accuracy[participants[k]] =
                            evaluationSet.accuracy(pool.trainer(), workers[participants[k]].model()));
                }
                long bits = downlink.publishedBits();
                double roundEnded = (System.nanoTime() - started) / 1e9;
                double sparsity = 0;
                for (int i : participants) {
                    double workerSparsity = sparsity(workers[i].model());
                    listener.nodeRound(new NodeRound(t, ids[i], workers[i].trainLoss(), accuracy[i], workerSparsity,
                            uplinkBits[i], uplinkBits[i] / 8, -1, 0, 0, computeMillis[i], computeMillis[i], roundEnded));
                    bits += uplinkBits[i];
                    sparsity += workerSparsity;
                }
                float[] w = server.model();
                double centralAccuracy = evaluate ? evaluationSet.accuracy(pool.trainer(), w) : Double.NaN;
                listener.nodeRound(new NodeRound(t, SERVER, Double.NaN, centralAccuracy, sparsity(w),
                        downlink.publishedBits(), downlink.publishedBits() / 8, -1, 0, 0, serverMillis, serverMillis, roundEnded));
                double[] distance = consensusDistance();
                double meanAccuracy = Arrays.stream(accuracy).filter(a -> !Double.isNaN(a)).average().orElse(Double.NaN);
                FleetRound summary = new FleetRound(t, distance[0], distance[1], meanAccuracy, centralAccuracy,
                        sparsity / participants.length, bits, bits / 8, (System.nanoTime() - started) / 1e9);
                rounds.add(summary);
                listener.fleetRound(summary);
            }
        }
        List<EdgeTraffic> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long both = traffic[i][0] + traffic[i][1];
            edges.add(new EdgeTraffic(SERVER, ids[i], both, both / 8));
        }
        listener.finished(edges);
        float[][] models = new float[n][];
        Arrays.setAll(models, i -> workers[i].model());
        return new FleetResult(Double.NaN, rounds, edges, models);
    }

    /** The central model w. */
    public float[] centralModel() {
        return server.model();
    }

    /** {(1/n) sum_i ||w_hat_i - mean||^2, the same over ||mean||^2}, summed in worker order. */
    private double[] consensusDistance() {
        double[] mean = new double[config.initialModel().length];
        float[][] models = new float[n][];
        for (int i = 0; i < n; i++) {
            models[i] = workers[i].model();
            for (int k = 0; k < mean.length; k++) {
                mean[k] += models[i][k] / (double) n;
            }
        }
        double sum = 0;
        double norm = 0;
        for (float[] x : models) {
            for (int k = 0; k < mean.length; k++) {
                double diff = x[k] - mean[k];
                sum += diff * diff;
            }
        }
        for (double m : mean) {
            norm += m * m;
        }
        return new double[] {sum / n, norm > 0 ? sum / n / norm : Double.NaN};
    }

    private static double sparsity(float[] x) {
        int zeros = 0;
        for (float v : x) {
            if (v == 0f) {
                zeros++;
            }
        }
        return (double) zeros / x.length;
    }
}
