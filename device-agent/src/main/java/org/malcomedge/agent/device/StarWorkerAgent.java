package org.malcomedge.agent.device;

import static org.malcomedge.agent.cli.InputException.orInputError;
import static org.malcomedge.agent.device.FleetAgent.call;

import com.google.protobuf.ByteString;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.malcomedge.agent.cli.InputException;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.data.EvaluationSet;
import org.malcomedge.agent.data.Splits;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.gossip.Float32Payload;
import org.malcomedge.agent.gossip.PartitionSampler;
import org.malcomedge.agent.gossip.Seeds;
import org.malcomedge.agent.star.McmWorker;
import org.malcomedge.agent.star.Participation;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.agent.star.StarCodecs;
import org.malcomedge.agent.star.StarFrames;
import org.malcomedge.agent.star.SplitMixRandom;
import org.malcomedge.agent.star.StarMailboxes;
import org.malcomedge.agent.star.Vectors;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.agent.train.Trainers;
import org.malcomedge.agent.transport.MqttLink;
import org.malcomedge.agent.transport.SocketBytes;
import org.malcomedge.agent.transport.TransportException;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.Hyperparameters;
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
 * {@code simulate --algorithm mcm} computes. No checkpoints yet: a restarted worker starts again
 * from round 1, whose Omega has gone by, and fails on the round timeout naming that round.
 */
final class StarWorkerAgent {

    private static final Logger log = LoggerFactory.getLogger(StarWorkerAgent.class);
    private static final int QOS_ACKED = 1;

    private final DeviceConfig config;
    private final MqttLink link;
    private final FleetView view;
    private final Clock clock;
    private final int epoch;
    private final Consumer<RoundReport> afterRound;
    private final HealthProbe health = HealthProbe.ofSystem();
    private final String id;

    StarWorkerAgent(DeviceConfig config, MqttLink link, FleetView view, Clock clock, int epoch,
            Consumer<RoundReport> afterRound) {
        this.config = config;
        this.link = link;
        this.view = view;
        this.clock = clock;
        this.epoch = epoch;
        this.afterRound = afterRound;
        this.id = config.id();
    }

    /**
     * Runs the worker to the plan's last round (or STOP), then leaves.
     *
     * @throws InputException for a plan this device cannot run
     */
    void run(ExperimentPlan plan) throws InterruptedException {
        Setup setup = Setup.read(plan, id, config);
        String exp = plan.getExperiment();
        StarMailboxes mailboxes = new StarMailboxes(setup.roundTimeout(), config.broker().uri().toString());
        MqttLink.MessageHandler fromServer = (topic, message) -> StarFrames
                .admit(id, exp, StarFrames.SERVER, topic, message).ifPresent(frame -> mailboxes.arrived(id, frame));
        call(() -> {
            link.subscribe(Topics.serverDown(exp), QOS_ACKED, fromServer);
            link.subscribe(Topics.down(exp, id), QOS_ACKED, fromServer);
        });
        try (Trainer trainer = Trainers.create(setup.model(), config.trainer().backend(), config.trainer().threads())) {
            call(() -> link.announce(0));
            log.info("{}: star worker {} of {} in experiment {}; waiting for START", id, setup.index(),
                    plan.getNodesCount(), exp);
            if (!view.awaitStart()) {
                link.leave("left before START");
                return;
            }
            SocketBytes socketBefore = link.socketBytes();
            int last = 0;
            for (int t = 1; t <= setup.rounds() && !view.stopAsked(); t++) {
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
                afterRound.accept(built);
                last = t;
            }
            link.progress(last);
            link.leave(last >= setup.rounds() ? "finished" : "stopped after round " + last);
            log.info("{}: left experiment {} after round {}", id, exp, last);
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

    /**
     * A star plan as worker {@code index} reads it: the same partition, initial model, generators,
     * codecs and participation draws as the simulated star's worker {@code index} and server.
     */
    private record Setup(int index, int rounds, int evalEvery, Duration roundTimeout, ModelSpec model, int dimension,
                         StarCodecs codecs, McmWorker worker, Participation participation, EvaluationSet evaluation) {

        static Setup read(ExperimentPlan plan, String self, DeviceConfig config) {
            String exp = plan.getExperiment();
            int index = plan.getNodesList().indexOf(self);
            if (index < 0) {
                throw problem(exp, "nodes", "does not list '" + self + "'");
            }
            StarAlgorithm algorithm = field(exp, "algorithm", () -> StarAlgorithm.parse(plan.getAlgorithm()));
            if (!plan.getData().getDataset().equals(config.data().source())) {
                throw new InputException("plan of experiment " + exp + " trains on dataset '"
                        + plan.getData().getDataset() + "', but this device's data.source is '"
                        + config.data().source() + "'");
            }
            Hyperparameters h = plan.getHyperparameters();
            if (h.getRounds() < 1 || h.getBatch() < 1 || !(h.getEta() > 0)) {
                throw problem(exp, "hyperparameters", "rounds and batch must be >= 1 and eta > 0, got "
                        + h.getRounds() + ", " + h.getBatch() + " and " + h.getEta());
            }
            double fraction = plan.getParticipation() > 0 ? plan.getParticipation() : 1;
            if (fraction > 1 || (fraction < 1 && algorithm != StarAlgorithm.RAND_MCM)) {
                throw problem(exp, "participation", fraction + ": must be in (0, 1], and below 1 only for rand-mcm");
            }
            String label = plan.getData().getLabel();
            TrainTest data = Datasets.load(config.data().source(), label.isEmpty() ? Optional.empty() : Optional.of(label),
                    config.data().dir().orElseGet(Datasets::defaultDirectory));
            Dataset train = data.train();
            ModelSpec model = field(exp, "model", () -> orInputError(
                    () -> ModelSpec.parse(plan.getModel(), train.features(), train.classes())));
            long seed = plan.getSeed();
            float[] initial = model.initialize(seed);
            StarCodecs codecs = field(exp, "compressor", () -> StarCodecs.of(algorithm, plan.getCompressor(), initial.length));
            int[] partition = field(exp, "data.split", () -> Splits.parse(plan.getData().getSplit()))
                    .assign(train.y(), train.classes(), plan.getNodesCount(), seed)[index];
            McmWorker worker = new McmWorker(initial, codecs.up(), codecs.down(), codecs.alphaUp(), codecs.alphaDown(),
                    StarCodecs.downlinkMemory(algorithm),
                    new PartitionSampler(train, partition, h.getBatch(),
                            new SplittableRandom(Seeds.derive(seed, index, Seeds.BATCHES))),
                    new SplitMixRandom(Seeds.derive(seed, index, Seeds.COMPRESSION)));
            Participation participation = new Participation(plan.getNodesCount(), fraction,
                    Seeds.derive(seed, Seeds.SERVER, Seeds.PARTICIPATION));
            EvaluationSet evaluation = new EvaluationSet(data.test(), plan.getTestSamples(),
                    Seeds.derive(seed, Seeds.FLEET, Seeds.EVALUATION));
            Duration timeout = plan.getRoundTimeoutMs() > 0 ? Duration.ofMillis(plan.getRoundTimeoutMs())
                    : NodePlan.DEFAULT_ROUND_TIMEOUT;
            return new Setup(index, h.getRounds(), Math.max(1, plan.getEvalEvery()), timeout, model, initial.length,
                    codecs, worker, participation, evaluation);
        }

        /** Whether this worker takes part in the next round (one draw per round, as the server's). */
        boolean takesPart() {
            for (int i : participation.next()) {
                if (i == index) {
                    return true;
                }
            }
            return false;
        }

        boolean evaluates(int round) {
            return round % evalEvery == 0 || round == rounds;
        }

        private static InputException problem(String exp, String field, String what) {
            return new InputException("plan of experiment " + exp + ": " + field + ": " + what);
        }

        private static <T> T field(String exp, String field, java.util.function.Supplier<T> reader) {
            try {
                return reader.get();
            } catch (InputException e) {
                throw new InputException("plan of experiment " + exp + ": " + field + ": " + e.getMessage(), e);
            }
        }
    }
}
