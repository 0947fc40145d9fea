package org.malcomedge.agent.device;

import static org.malcomedge.agent.device.FleetAgent.call;

import com.google.protobuf.ByteString;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.checkpoint.Checkpoint;
import org.malcomedge.agent.checkpoint.CheckpointStore;
import org.malcomedge.agent.gossip.Float32Payload;
import org.malcomedge.agent.star.McmWorker;
import org.malcomedge.agent.star.StarFrames;
import org.malcomedge.agent.star.StarMailboxes;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.agent.train.Trainers;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.agent.link.SocketBytes;
import org.malcomedge.agent.transport.TransportException;
import org.malcomedge.agent.vector.Vectors;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.ResidualFrame;
import org.malcomedge.wire.RoundReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's part in a star-mode run (DESIGN.md section 4, MCM; issue 8): one {@link McmWorker} of
 * the coordinator's server. {@link FleetAgent} connects, reads the plan and hands a star plan here;
 * this listens to {@code server/down} and its own {@code node/{id}/down}, announces BIRTH, waits
 * for START, then in each round it takes part in (the participants are drawn from the plan's seed,
 * as the server draws them): waits for the server's Omega of the round, {@code w_hat} update, local
 * gradient, publishes {@code C_up(Delta_i)} on {@code node/{id}/up}. Every round ends with its
 * RoundReport (payload bits: its uplink), the last one carrying the final model w_hat; then LEAVE.
 *
 * <p>Data, initial model and generators are derived from the plan's seed exactly as the simulated
 * star derives them (worker i = the i-th node of the plan), so a real star computes what
 * {@code simulate --algorithm mcm} computes.
 *
 * <p>Checkpoints: after every round (taken part in or not) the worker saves its w_hat, its memories
 * H (Rand-MCM: its H_i) and h_i, how many minibatches it drew and its dither generator's position
 * ({@link org.malcomedge.agent.star.WorkerSnapshot}), before a fresh worker's first round a round-0
 * one. A restarted worker loads it (epoch + 1), takes up that state, draws the participation of the
 * rounds it finished again (seeded, nothing to keep) and announces BIRTH with the checkpointed round
 * r. The server, which has kept the downlinks of the last rounds, resends it those of rounds after r
 * on {@code node/{id}/down}; the worker runs from round r + 1 and so computes bit for bit what the
 * uninterrupted worker would have (a round it had sent before the crash but not checkpointed is
 * computed again, equal to the uplink the server already has, which the server ignores). Its H and
 * h_i then match the server's H (H_i) and its share of h without any state going over the wire.
  */
final class StarWorkerAgent {

    private static final Logger log = LoggerFactory.getLogger(StarWorkerAgent.class);
    private static final int QOS_ACKED = 1;

    private final DeviceConfig config;
    private final FleetLink link;
    private final FleetView view;
    private final Clock clock;
    private final int epoch;
    private final CheckpointStore checkpoints;
    private final Optional<Checkpoint> saved;
    private final Consumer<RoundReport> afterRound;
    private final HealthProbe health = HealthProbe.ofSystem();
    private final String id;

    /**
     * @param saved the checkpoint loaded from {@code checkpoints} (empty: a fresh worker); the epoch is
     *              its epoch + 1, else 0
     */
    StarWorkerAgent(DeviceConfig config, FleetLink link, FleetView view, Clock clock, CheckpointStore checkpoints,
            Optional<Checkpoint> saved, Consumer<RoundReport> afterRound) {
        this.config = config;
        this.link = link;
        this.view = view;
        this.clock = clock;
        this.checkpoints = checkpoints;
        this.saved = saved;
        this.epoch = saved.map(c -> c.epoch() + 1).orElse(0);
        this.afterRound = afterRound;
        this.id = config.id();
    }

    /**
     * Runs the worker to the plan's last round (or STOP), from the round after its checkpoint's,
     * checkpointing every round; then leaves.
     *
     * @param planDigest {@link Checkpoint#digest} of the plan as published
     * @throws InputException for a plan this device cannot run, or a checkpoint of another plan
     */
    void run(ExperimentPlan plan, long planDigest) throws InterruptedException {
        StarWorkerSetup setup = StarWorkerSetup.read(plan, id, config);
        String exp = plan.getExperiment();
        int first = resume(setup, exp, planDigest);
        StarMailboxes mailboxes = new StarMailboxes(setup.roundTimeout(), config.broker().uri().toString());
        FleetLink.MessageHandler fromServer = (topic, message) -> StarFrames
                .admit(id, exp, StarFrames.SERVER, topic, message).ifPresent(frame -> mailboxes.arrived(id, frame));
        call(() -> {
            link.subscribe(Topics.serverDown(exp), QOS_ACKED, fromServer);
            link.subscribe(Topics.down(exp, id), QOS_ACKED, fromServer);
        });
        try (Trainer trainer = Trainers.create(setup.model(), config.trainer().backend(), config.trainer().threads())) {
            call(() -> link.announce(first - 1)); // the server resends the downlinks since that round
            log.info("{}: star worker {} of {} in experiment {} (epoch {}, from round {}); waiting for START", id,
                    setup.index(), plan.getNodesCount(), exp, epoch, first);
            if (!view.awaitStart()) {
                link.leave("left before START");
                return;
            }
            SocketBytes socketBefore = link.socketBytes();
            int last = first - 1;
            for (int t = first; t <= setup.rounds() && !view.stopAsked(); t++) {
                long started = clock.millis();
                boolean takesPart = setup.takesPart();
                long bits = 0;
                int frameBytes = 0;
                double computeMillis = 0;
                if (takesPart) {
                    ResidualFrame down = awaitOmega(mailboxes, t);
                    if (down == null) {
                        break; // STOP: the server served no round t
                    }
                    long t0 = System.nanoTime();
                    setup.worker().receive(StarFrames.payload(down, setup.codecs().down().spec(), setup.dimension()));
                    byte[] up = setup.worker().uplink(trainer);                 // C_up(Delta_i)
                    computeMillis = (System.nanoTime() - t0) / 1e6;
                    ResidualFrame frame = StarFrames.frame(exp, id, t, setup.codecs().up().spec(), setup.dimension(), up);
                    call(() -> link.publish(Topics.up(exp, id), frame.toByteArray(), QOS_ACKED, false));
                    bits = 8L * up.length;
                    frameBytes = frame.getSerializedSize();
                }
                SocketBytes socket = link.socketBytes();
                float[] model = setup.worker().model();
                RoundReport.Builder report = RoundReport.newBuilder()
                        .setExperiment(exp)
                        .setNode(id)
                        .setRound(t)
                        .setEpoch(epoch)
                        .setTrainLoss(takesPart ? setup.worker().trainLoss() : Double.NaN)
                        .setTestAccuracy(takesPart && setup.evaluates(t)
                                ? setup.evaluation().accuracy(trainer, model) : Double.NaN)
                        .setSparsity(Vectors.sparsity(model))
                        .setPayloadBits(bits)
                        .setFrameBytes(frameBytes)
                        .setSocketBytes(socket.minus(socketBefore).total())
                        .setComputeMs(computeMillis)
                        .setRoundMs(clock.millis() - started)
                        .setHealth(health.read().toWire())
                        .setTimestampMs(clock.millis());
                socketBefore = socket;
                if (t == setup.rounds()) {
                    report.setFinalModel(ByteString.copyFrom(Float32Payload.encode(model)));
                }
                RoundReport built = report.build();
                call(() -> link.publish(Topics.metrics(exp, id), built.toByteArray(), QOS_ACKED, false));
                // After the report: a worker killed between the two runs this round again and reports it
                // again, so the coordinator gets its report of every round (before, it could lose one).
                checkpoint(exp, planDigest, setup, t);
                afterRound.accept(built);
                last = t;
            }
            link.progress(last);
            if (last >= setup.rounds()) {
                checkpoints.clear(); // done: a later run of this plan starts afresh
            }
            link.leave(last >= setup.rounds() ? "finished" : "stopped after round " + last);
            log.info("{}: left experiment {} after round {}", id, exp, last);
        }
    }

    /**
     * Resumes {@code setup}'s worker from the checkpoint, if any, after checking it is this plan's;
     * a fresh worker writes its round-0 checkpoint, so that any restart is a new epoch. Returns the
     * first round to run.
     */
    private int resume(StarWorkerSetup setup, String exp, long planDigest) {
        if (saved.isEmpty()) {
            checkpoint(exp, planDigest, setup, 0);
            return 1;
        }
        Checkpoint checkpoint = saved.get();
        checkpoint.requireOf(checkpoints.where(), exp, id, planDigest, true);
        if (checkpoint.star().model().length != setup.dimension()) {
            throw new InputException("checkpoint " + checkpoints.where() + " holds " + checkpoint.star().model().length
                    + " parameters, the plan's model " + setup.dimension());
        }
        return setup.resume(checkpoint.star());
    }

    /**
     * Every round, taken part in or not: the server keeps only the last few rounds' downlinks to
     * resend, so a worker must not come back from further behind.
     */
    private void checkpoint(String exp, long planDigest, StarWorkerSetup setup, int round) {
        try {
            checkpoints.save(new Checkpoint(exp, id, planDigest, epoch, setup.worker().snapshot(round)));
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The server's Omega of round {@code t}, or null when it did not come because the run was
     * stopped meanwhile.
     *
     * @throws TransportException naming the round when it does not come in time
     */
    private ResidualFrame awaitOmega(StarMailboxes mailboxes, int t) {
        try {
            return mailboxes.take(id, StarFrames.SERVER, t);
        } catch (TransportException e) {
            if (view.stopAsked()) {
                return null;
            }
            throw e;
        }
    }
}
