package org.malcomedge.coordinator.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.malcomedge.agent.train.EvaluationSet;
import org.malcomedge.agent.gossip.Seeds;
import org.malcomedge.agent.star.McmServer;
import org.malcomedge.agent.star.Participation;
import org.malcomedge.agent.star.StarFrames;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.coordinator.network.StarNetwork;
import org.malcomedge.wire.ResidualFrame;

/**
 * The server's half of a star round (DESIGN.md section 4, MCM), over a {@link StarNetwork}: draw the
 * participants, publish the downlink to them, take their uplinks in participant order and step the
 * central model w. The same for the simulated star ({@link StarFleet}) and a real fleet's star
 * (the coordinator as the server of agent processes or devices), with the same seeds
 * ({@code Seeds.SERVER}), so both compute the same w.
 *
 * <p>A worker restarted from its checkpoint (a real fleet's; {@code StarWorkerAgent}) must go on
 * with the memory the server holds of it: H (Rand-MCM: its H_i) is updated on both sides from the
 * same Omega, so the worker's copy is the server's only if it takes every Omega the server sent it.
 * The server therefore keeps each worker's last downlinks ({@link RecentDownlinks}) and
 * {@link #resend}s those after the worker's checkpointed round; the worker computes those rounds
 * again, bit for bit as before, and its H, h_i and w_hat are back in step with the server's H and h
 * (no state is sent). An uplink it sends again for a round the server has passed is dropped unread.
 */
public final class StarServerSide {

    /** Training rows the central model's loss is measured on. */
    static final int TRAIN_LOSS_SAMPLES = 5000;

    /** What the server published in a round: payload bits (a broadcast once) and frame bytes. */
    public record Sent(long bits, long frameBytes) {
    }

    /** The central model's test accuracy and training loss (NaN when the round is not evaluated). */
    public record Central(double accuracy, double loss) {
    }

    private final StarConfig config;
    private final List<String> ids;
    private final StarNetwork network;
    private final McmServer server;
    private final Participation participation;
    private final SplittableRandom random;
    private final EvaluationSet evaluationSet;
    private final EvaluationSet trainingLossSet;
    private final int dimension;
    private final RecentDownlinks recent;
    /** Per worker: the downlink payload bits and frame bytes it received over the run. */
    private final long[][] received;

    /**
     * @param ids the workers' node ids, worker i being {@code ids.get(i)}
     */
    public StarServerSide(StarConfig config, List<String> ids, StarNetwork network) {
        Workload workload = config.workload();
        this.config = config;
        this.ids = List.copyOf(ids);
        this.network = network;
        this.dimension = workload.initialModel().length;
        this.received = new long[ids.size()][2];
        this.recent = new RecentDownlinks(ids.size());
        this.server = new McmServer(config.algorithm(), workload.initialModel(), ids.size(), config.up(), config.down(),
                config.alphaUp(), config.alphaDown(), config.eta());
        this.participation = new Participation(ids.size(), config.participation(),
                Seeds.derive(workload.seed(), Seeds.SERVER, Seeds.PARTICIPATION));
        this.random = new SplittableRandom(Seeds.derive(workload.seed(), Seeds.SERVER, Seeds.COMPRESSION));
        this.evaluationSet = new EvaluationSet(workload.test(), workload.evaluation().testSamples(),
                Seeds.derive(workload.seed(), Seeds.FLEET, Seeds.EVALUATION));
        this.trainingLossSet = new EvaluationSet(workload.train(), TRAIN_LOSS_SAMPLES,
                Seeds.derive(workload.seed(), Seeds.FLEET, Seeds.TRAINING_LOSS));
    }

    /** The next round's participants (worker indices, ascending). */
    public int[] participants() {
        return participation.next();
    }

    /**
     * Computes and publishes the round's downlink (once, or once per participant). Synchronized with
     * {@link #resend}: a returning worker gets each downlink either resent or, subscribed by then,
     * directly.
     */
    public synchronized Sent downlink(int round, int[] participants) {
        McmServer.Downlink downlink = server.downlink(participants, random);
        String codec = config.down().spec();
        String experiment = config.workload().experiment();
        if (downlink.broadcast()) {
            ResidualFrame frame = StarFrames.frame(experiment, StarFleet.SERVER, round, codec, dimension,
                    downlink.payloads()[0]);
            network.publishDown(frame, Optional.empty());
            for (int i : participants) {
                recent.sent(i, frame);
                received[i][0] += downlink.publishedBits();
                received[i][1] += frame.getSerializedSize();
            }
            return new Sent(downlink.publishedBits(), frame.getSerializedSize());
        }
        long bytes = 0;
        for (int k = 0; k < participants.length; k++) {
            ResidualFrame frame = StarFrames.frame(experiment, StarFleet.SERVER, round, codec, dimension,
                    downlink.payloads()[k]);
            network.publishDown(frame, Optional.of(ids.get(participants[k])));
            recent.sent(participants[k], frame);
            bytes += frame.getSerializedSize();
            received[participants[k]][0] += 8L * downlink.payloads()[k].length;
            received[participants[k]][1] += frame.getSerializedSize();
        }
        return new Sent(downlink.publishedBits(), bytes);
    }

    /**
     * Sends worker {@code worker}, back after its checkpointed round {@code round}, the downlinks of
     * the rounds after it, on its own {@code node/{id}/down} (to it alone, even for a broadcast).
     *
     * @return false when they are no longer all kept: the worker cannot be brought back in step
     */
    public synchronized boolean resend(String worker, int round) {
        int i = ids.indexOf(worker);
        Optional<List<ResidualFrame>> missed = recent.after(i, round);
        missed.ifPresent(frames -> frames.forEach(frame -> network.publishDown(frame, Optional.of(worker))));
        return missed.isPresent();
    }

    /** The oldest round whose downlink {@link #resend} can still give {@code worker}. */
    public long oldestResendable(String worker) {
        return recent.oldestKept(ids.indexOf(worker));
    }

    /** Waits for the participants' uplinks of {@code round}, in participant order, and steps w. */
    public void aggregate(int round, int[] participants) {
        List<byte[]> uplinks = new ArrayList<>(participants.length);
        for (int i : participants) {
            uplinks.add(StarFrames.payload(network.take(StarFleet.SERVER, ids.get(i), round), config.up().spec(),
                    dimension));
        }
        server.aggregate(uplinks);
    }

    /** The central model's accuracy and training loss in evaluation rounds (NaN otherwise). */
    public Central evaluate(int round, Trainer trainer) {
        Workload workload = config.workload();
        if (round % workload.evaluation().everyRounds() != 0 && round != workload.rounds()) {
            return new Central(Double.NaN, Double.NaN);
        }
        float[] w = server.model();
        return new Central(evaluationSet.accuracy(trainer, w), trainingLossSet.loss(trainer, w));
    }

    /** The downlink payload bits and frame bytes worker {@code i} received so far. */
    public long[] received(int i) {
        return received[i].clone();
    }

    /** A copy of the central model w. */
    public float[] model() {
        return server.model();
    }
}
