package org.malcomedge.coordinator.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.malcomedge.agent.codec.TensorLayout;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.gossip.Seeds;
import org.malcomedge.agent.star.Participation;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.agent.star.StarCodecs;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.agent.train.Trainers;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.agent.vector.Vectors;
import org.malcomedge.coordinator.network.StarNetwork;
import org.malcomedge.coordinator.plan.ExperimentSpec;
import org.malcomedge.coordinator.plan.FleetPlan;
import org.malcomedge.coordinator.report.EdgeTraffic;
import org.malcomedge.coordinator.report.NodeRound;
import org.malcomedge.coordinator.sim.ExperimentData;
import org.malcomedge.coordinator.sim.FleetConfig;
import org.malcomedge.coordinator.sim.StarConfig;
import org.malcomedge.coordinator.sim.StarServerSide;
import org.malcomedge.coordinator.sim.Workload;
import org.malcomedge.firmware.config.DeviceConfig.Backend;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.RoundReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator as the server of a real star fleet (DESIGN.md section 4, MCM; issue 8): the plan's
 * nodes are the workers ({@code StarWorkerAgent} on each device). Runs on the coordinator's own
 * connection, after START: each round draws the participants, publishes Omega on
 * {@code server/down} (Rand-MCM: Omega_i on {@code node/{i}/down}), takes the uplinks from
 * {@code node/{i}/up} and steps the central model w, exactly as the simulated star's server
 * ({@link StarServerSide}, same seeds). Its rounds become {@value NodeRound#SERVER} rows like the
 * simulated star's: the downlink's bits and bytes, and in evaluation rounds the central model's test
 * accuracy and training loss.
 *
 * <p>A worker that comes back from its checkpoint (its BIRTH carries the last round it finished;
 * {@link FleetRun} hands it to {@link #workerReturned}) is resent the downlinks it has not taken
 * ({@link StarServerSide#resend}), off the MQTT callback thread, and the run goes on: the server
 * waits for its uplink as for any participant's, up to the round timeout, which must therefore
 * cover a worker's restart.
 */
public final class StarFleetServer implements AutoCloseable {

    private final StarConfig config;
    private final List<String> workers;
    private final Duration roundTimeout;
    private final Trainer trainer;
    private static final Logger log = LoggerFactory.getLogger(StarFleetServer.class);

    /** The current run's server half (set on the serving thread). */
    private volatile StarServerSide server;
    /** Resends to returning workers: publishing waits for the broker, which an MQTT callback must not. */
    private final ExecutorService resender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "star-resend");
        thread.setDaemon(true);
        return thread;
    });

    private StarFleetServer(StarConfig config, List<String> workers, Duration roundTimeout, Trainer trainer) {
        this.config = config;
        this.workers = workers;
        this.roundTimeout = roundTimeout;
        this.trainer = trainer;
    }

    /**
     * The server of {@code plan}, a star plan, on its data as the workers see it.
     *
     * @throws org.malcomedge.agent.InputException for a plan the server cannot run
     */
    public static StarFleetServer of(FleetPlan plan, ExperimentPlan wire, ExperimentData experiment, Backend backend) {
        ExperimentSpec spec = plan.spec();
        TrainTest data = experiment.data();
        StarAlgorithm algorithm = StarAlgorithm.parse(wire.getAlgorithm());
        ModelSpec model = ModelSpec.parse(wire.getModel(), data.train().features(), data.train().classes());
        float[] initial = model.initialize(spec.seed());
        StarCodecs codecs = StarCodecs.of(algorithm, wire.getCompressor(), TensorLayout.of(model.tensorLengths()));
        int[][] partitions = experiment.shares();
        Workload workload = new Workload(plan.experiment(), () -> Trainers.create(model, backend, 1), data.train(),
                partitions, data.test(), initial, spec.batch(), spec.rounds(), spec.seed(),
                new FleetConfig.Evaluation(spec.evalEvery(), plan.settings().testSamples()), 1);
        StarConfig config = new StarConfig(workload, algorithm, codecs.up(), codecs.down(), codecs.alphaUp(),
                codecs.alphaDown(), spec.eta(), wire.getParticipation());
        return new StarFleetServer(config, plan.nodeIds(), Duration.ofMillis(plan.settings().roundTimeoutMs()),
                workload.trainers().get());
    }

    /**
     * Serves every round on {@code link} (stopping early once {@code stopped}), handing each round's
     * server row to {@code reports}.
     *
     * @throws org.malcomedge.agent.transport.TransportException when a participant's uplink does not
     *                                                           come within the round timeout
     */
    void run(MqttLink link, Consumer<RoundReport> reports, BooleanSupplier stopped) {
        Workload workload = config.workload();
        try (StarNetwork network = StarNetwork.serverHalf(link, roundTimeout)) {
            network.connect(workload.experiment(), NodeRound.SERVER, List.of());
            server = new StarServerSide(config, workers, network);
            long socketBefore = network.socketBytes(NodeRound.SERVER);
            for (int t = 1; t <= workload.rounds() && !stopped.getAsBoolean(); t++) {
                long started = System.nanoTime();
                int[] participants = server.participants();
                StarServerSide.Sent sent = server.downlink(t, participants);
                server.aggregate(t, participants);
                double roundMillis = (System.nanoTime() - started) / 1e6;
                StarServerSide.Central central = server.evaluate(t, trainer);
                float[] w = server.model();
                long socket = network.socketBytes(NodeRound.SERVER);
                RoundReport.Builder report = RoundReport.newBuilder()
                        .setExperiment(workload.experiment())
                        .setNode(NodeRound.SERVER)
                        .setRound(t)
                        .setTrainLoss(central.loss())
                        .setTestAccuracy(central.accuracy())
                        .setSparsity(Vectors.sparsity(w))
                        .setPayloadBits(sent.bits())
                        .setFrameBytes(sent.frameBytes())
                        .setSocketBytes(socket - socketBefore)
                        .setComputeMs(roundMillis)
                        .setRoundMs(roundMillis)
                        .setTimestampMs(System.currentTimeMillis());
                socketBefore = socket;
                reports.accept(report.build()); // no final model: the fleet's consensus is the workers'

            }
        }
    }

    /**
     * Worker {@code node} announced BIRTH after its checkpointed round {@code round}: resends it the
     * downlinks of the rounds after it (none at the run's start, before any was sent).
     */
    void workerReturned(String node, int round) {
        StarServerSide current = server;
        if (current == null || !workers.contains(node)) {
            return;
        }
        resender.execute(() -> {
            try {
                if (!current.resend(node, round)) {
                    log.warn("{} is back after round {}, but the server keeps its downlinks from round {} only: it "
                            + "cannot catch up and will time out", node, round, current.oldestResendable(node));
                }
            } catch (RuntimeException e) {
                log.warn("cannot resend {} its downlinks after round {}: {}", node, round, e.getMessage());
            }
        });
    }

    /**
     * The star's edges as the simulated star counts them: server to worker i, its uplink (its rows
     * in {@code collector}) plus the downlink it received.
     */
    List<EdgeTraffic> edges(ReportCollector collector) {
        List<EdgeTraffic> edges = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            long[] up = collector.published(workers.get(i));
            long[] down = server == null ? new long[2] : server.received(i);
            edges.add(new EdgeTraffic(NodeRound.SERVER, workers.get(i), up[0] + down[0], up[1] + down[1]));
        }
        return edges;
    }

    /**
     * Whether worker {@code node} takes part in {@code round} of a star plan (the server's row always
     * does): the same seeded draws as the server's and the workers' ({@code Seeds.SERVER}).
     */
    static BiPredicate<Integer, String> participants(ExperimentPlan wire) {
        List<String> ids = wire.getNodesList();
        int rounds = wire.getHyperparameters().getRounds();
        double fraction = wire.getParticipation() > 0 ? wire.getParticipation() : 1;
        Participation participation = new Participation(ids.size(), fraction,
                Seeds.derive(wire.getSeed(), Seeds.SERVER, Seeds.PARTICIPATION));
        List<Set<String>> byRound = new ArrayList<>(List.of(Set.of()));
        for (int t = 1; t <= rounds; t++) {
            byRound.add(Arrays.stream(participation.next()).mapToObj(ids::get).collect(Collectors.toSet()));
        }
        return (round, node) -> node.equals(NodeRound.SERVER) || round < 1 || round > rounds
                || byRound.get(round).contains(node);
    }

    @Override
    public void close() {
        resender.shutdownNow();
        trainer.close();
    }
}
