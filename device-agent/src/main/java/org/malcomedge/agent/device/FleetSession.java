package org.malcomedge.agent.device;

import com.google.protobuf.ByteString;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.malcomedge.agent.checkpoint.Checkpoint;
import org.malcomedge.agent.checkpoint.CheckpointStore;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.train.EvaluationSet;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.gossip.Float32Payload;
import org.malcomedge.agent.gossip.GossipNode;
import org.malcomedge.agent.gossip.NodeStats;
import org.malcomedge.agent.gossip.Seeds;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.agent.train.Trainers;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.agent.transport.FrameFilter;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.agent.transport.MqttTransport;
import org.malcomedge.agent.systemd.Notifier;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.ResidualFrame;
import org.malcomedge.wire.RoundReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a device agent, from the plan to LEAVE: join (plan, data, node, subscriptions), the
 * rounds as the fleet contract lists their steps, the reports and checkpoints.
 */
final class FleetSession {

    private static final Logger log = LoggerFactory.getLogger(FleetAgent.class);
    private static final int QOS_ACKED = 1;

    /** What a session takes from its agent: the device, time, storage, hooks, and what it hears. */
    record Parts(DeviceConfig config, Clock clock, CheckpointStore checkpoints, Consumer<RoundReport> afterRound,
                 HealthProbe health, FleetView view, Consumer<FrameFilter> filterInUse, Notifier notifier) {
    }

    private final DeviceConfig config;
    private final Clock clock;
    private final CheckpointStore checkpoints;
    private final Consumer<RoundReport> afterRound;
    private final HealthProbe health;
    private final FleetView view;
    private final Consumer<FrameFilter> filterInUse;
    private final Notifier notifier;
    private final MqttTransport transport;
    private final FleetLink link;
    private final StatusIndicator indicator;
    private final Optional<Checkpoint> saved;
    private final int epoch;
    private final String id;
    private final Optional<InterfaceCounter> radio;

    private NodePlan plan;
    private long planDigest;
    private ModelSpec model;
    private GossipNode node;
    private Trainer trainer;
    private EvaluationSet evaluation;
    private Set<String> alive;
    private RoundMeter meter;
    private FleetLink.Sent unconfirmedReport = FleetLink.Sent.CONFIRMED;

    FleetSession(Parts parts, FleetLink link, MqttTransport transport, StatusIndicator indicator,
                 Optional<Checkpoint> saved, int epoch) {
        this.config = parts.config();
        this.clock = parts.clock();
        this.checkpoints = parts.checkpoints();
        this.afterRound = parts.afterRound();
        this.health = parts.health();
        this.view = parts.view();
        this.filterInUse = parts.filterInUse();
        this.notifier = parts.notifier();
        this.id = config.id();
        this.transport = transport;
        this.link = link;
        this.indicator = indicator;
        this.saved = saved;
        this.epoch = epoch;
        this.radio = config.networkInterface().map(name -> FleetAgent.asInputError(() -> InterfaceCounter.open(name)));
    }

    void run() throws InterruptedException {
        String exp = config.experiment();
        FleetAgent.call(() -> {
            link.subscribe(Topics.plan(exp), QOS_ACKED, view::onPlan);
            link.subscribe(Topics.control(exp), QOS_ACKED, view::onControl);
            link.subscribe(Topics.allNodes(Topics.Kind.STATE, exp), QOS_ACKED, view::onState);
        });
        log.info("{}: waiting for the plan of experiment {}", id, exp);
        notifier.status("waiting for the plan of experiment " + exp);
        FleetView.ReceivedPlan received = view.awaitPlan();
        if (received == null) {
            link.leave("left before the plan arrived");
            return;
        }
        if (StarAlgorithm.isStar(received.plan().getAlgorithm())) { // star mode: a worker of the coordinator's server
            new StarWorkerAgent(config, link, view, clock, checkpoints, saved, afterRound)
                    .run(received.plan(), Checkpoint.digest(received.bytes()));
            return;
        }
        int first = join(received);
        link.addConnectionListener(view.outages(plan.dropoutRounds())); // a broker restart is not a dropout
        try (Trainer t = Trainers.create(model, config.trainer().backend(), config.trainer().threads())) {
            trainer = t;
            FleetAgent.call(() -> link.announce(first - 1));
            log.info("{}: joined experiment {} (epoch {}, from round {}); waiting for START", id, exp, epoch, first);
            notifier.status("joined experiment " + exp + "; waiting for START");
            if (!view.awaitStart()) {
                link.leave("left before START");
                return;
            }
            indicator.joined(true);
            followMembership(first); // the BIRTHs the coordinator waited for before START
            if (saved.isPresent()) {
                publish(node.keyframe()); // our neighbours' estimates of us are of our previous life
            }
            requestKeyframes();
            Set<String> neighbours = plan.graph().neighbours(id);
            int last = first - 1;
            boolean stranded = false;
            for (int round = first; round <= plan.rounds() && !view.stopAsked(); round++) {
                if (view.stranded(round, neighbours, plan.rounds())) {
                    stranded = true;
                    break;
                }
                round(round);
                last = round;
            }
            indicator.joined(false);
            confirmLastReport();
            link.progress(last);
            String why = last >= plan.rounds() ? "finished"
                    : stranded ? "stranded after round " + last + ": its neighbours " + neighbours
                            + " finished the run before its round " + (last + 1)
                    : "stopped after round " + last;
            if (stranded) {
                log.warn("{}: {}; nothing to mix with, leaving", id, why);
            }
            if (last >= plan.rounds()) {
                checkpoints.clear(); // done: a later run of this plan starts afresh
            }
            link.leave(why);
            log.info("{}: left experiment {} after round {} ({})", id, exp, last, why);
            notifier.status("left experiment " + exp + " after round " + last);
        }
    }

    /**
     * Reads the plan and builds the node (fresh, or resumed from the checkpoint), then listens to
     * the neighbours. Returns the first round to run.
     */
    private int join(FleetView.ReceivedPlan received) {
        plan = NodePlan.read(received.plan(), id);
        plan.requireDataset(config.data().source());
        planDigest = Checkpoint.digest(received.bytes());
        // Only this node's share and the evaluation rows: the whole set would not fit -Xmx128m
        // (csv datasets are read whole first, then cut down to these rows).
        TrainTest data = PlanScaling.apply(received.plan(), Datasets.load(config.data().source(), plan.label(),
                config.data().dir().orElseGet(Datasets::defaultDirectory), plan.share(), plan.evaluationRows()));
        model = plan.model(data.train());
        evaluation = new EvaluationSet(data.test());
        List<String> nodes = received.plan().getNodesList();
        alive = view.alive(nodes, saved.map(c -> c.round() + 1).orElse(1));
        node = plan.node(data.train(), model).node(plan.index(), id, epoch, plan.graph().weights(id, alive));
        int first = 1;
        if (saved.isPresent()) {
            Checkpoint checkpoint = saved.get();
            requireResumable(checkpoint, model.dimension());
            node.resume(checkpoint.gossip());
            first = checkpoint.round() + 1;
        } else {
            checkpoint(); // round 0: a restart before the first real checkpoint is still a new epoch
        }
        view.attach(node, first, injectedLoss());
        Set<String> neighbours = plan.graph().neighbours(id);
        view.expectFrom(neighbours, first - 1);
        // The plan's neighbours, not only the live ones: a silent neighbour's next frame re-admits it.
        FrameFilter filter = new FrameFilter(plan.experiment(), id, Set.copyOf(nodes), neighbours, model.dimension(),
                link.maxFrameBytes());
        filterInUse.accept(filter);
        transport.admitThrough(filter);
        transport.onKeyframeRequest(() -> publish(node.keyframe()));
        view.onNeighbourReconnected(transport::resendLatestFrame);
        for (String j : neighbours) {
            transport.subscribe(j, frame -> {
                indicator.frame();
                view.onFrame(frame);
            });
        }
        meter = new RoundMeter(transport, filter, radio);
        return first;
    }

    private LinkModel injectedLoss() {
        return plan.injectLoss() > 0
                ? LinkModel.lossy(plan.injectLoss(), Seeds.derive(plan.seed(), plan.index(), Seeds.INJECTED_LOSS))
                : LinkModel.perfect();
    }

    private void requireResumable(Checkpoint checkpoint, int dimension) {
        String where = checkpoints.where();
        checkpoint.requireOf(where, plan.experiment(), id, planDigest, false);
        if (checkpoint.gossip().model().length != dimension) {
            throw new InputException("checkpoint " + where + " holds " + checkpoint.gossip().model().length
                    + " parameters, the plan's model " + dimension);
        }
    }

    /** One round, as the fleet contract lists its steps. */
    private void round(int t) throws InterruptedException {
        long started = System.nanoTime(); // round_ms at sub-ms resolution; the clock is for deadlines
        publish(node.prepare(t, trainer));                       // local SGD, compress, publish
        Set<String> late = view.awaitNeighbours(t, plan.graph().neighbours(id),
                plan.roundTimeout());                            // round barrier
        transport.confirmPublished(); // our frame's PUBACK, awaited alongside the barrier: its bytes are this round's
        if (!late.isEmpty() && !view.stopAsked()) {
            log.warn("{}: round {} goes on without {} (no frame within {} ms)", id, t, late,
                    plan.roundTimeout().toMillis());
        }
        node.finishRound(t);                                     // consensus step (and prox)
        view.enter(t + 1);                                       // frames that came early for t + 1
        view.noteSilence(t, plan.graph().neighbours(id), plan.dropoutRounds());
        followMembership(t + 1);                                 // dropouts and returns: MH on the live graph
        requestKeyframes();                                      // repairs
        RoundReport report = report(t, started);                 // evaluate, metrics
        publishReport(report);
        notifier.watchdog();
        if (t % plan.checkpointEvery(config.checkpoint().everyRounds()) == 0 || t == plan.rounds()) {
            checkpoint();
            FleetAgent.call(() -> link.announce(t));
            log.info("{}: round {} of {} (train loss {})", id, t, plan.rounds(),
                    String.format(java.util.Locale.ROOT, "%.4f", report.getTrainLoss()));
            notifier.status("round " + t + " of " + plan.rounds());
        }
        afterRound.accept(report);
    }

    /**
     * Publishes the round's report without waiting for the broker's acknowledgement, which is
     * checked before the next report: the next round need not wait a round trip to the broker.
     */
    private void publishReport(RoundReport report) {
        confirmLastReport();
        FleetAgent.call(() -> unconfirmedReport = link.send(Topics.metrics(plan.experiment(), id), report.toByteArray(),
                QOS_ACKED, false));
    }

    private void confirmLastReport() {
        FleetLink.Sent last = unconfirmedReport;
        unconfirmedReport = FleetLink.Sent.CONFIRMED;
        FleetAgent.call(last::confirm);
    }

    /** The nodes taking part in round {@code next}, and the mixing weights on them. */
    private void followMembership(int next) {
        Set<String> now = view.alive(plan.wire().getNodesList(), next);
        if (!now.equals(alive)) {
            log.info("{}: live nodes now {}", id, now);
            alive = now;
            node.setNeighbours(plan.graph().weights(id, alive));
        }
    }

    private void requestKeyframes() {
        for (String neighbour : node.takeKeyframeRequests()) {
            transport.requestKeyframe(neighbour);
        }
    }

    /** @param started {@link System#nanoTime()} at the round's start */
    private RoundReport report(int t, long started) {
        NodeStats stats = node.takeStats();
        RoundReport.Builder report = RoundReport.newBuilder()
                .setExperiment(plan.experiment())
                .setNode(id)
                .setRound(t)
                .setEpoch(epoch)
                .setTrainLoss(stats.trainLoss())
                .setTestAccuracy(plan.evaluates(t) ? evaluation.accuracy(trainer, node.model()) : Double.NaN)
                .setSparsity(node.sparsity())
                .setPayloadBits(stats.payloadBits())
                .setFrameBytes(stats.frameBytes())
                .setRepairs(stats.repairs())
                .setKeyframes(stats.keyframes())
                .setComputeMs(stats.computeMillis())
                .setGamma(stats.gamma())
                .setRoundMs((System.nanoTime() - started) / 1e6)
                .setHealth(health.read().toWire())
                .setTimestampMs(clock.millis());
        report.setDroppedFrames(stats.droppedFrames() + view.takeInjectedDrops() + meter.meter(report));
        if (t == plan.rounds()) {
            report.setFinalModel(ByteString.copyFrom(Float32Payload.encode(node.model())));
        }
        return report.build();
    }

    private void checkpoint() {
        try {
            checkpoints.save(new Checkpoint(plan.experiment(), id, planDigest, epoch, node.snapshot()));
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void publish(ResidualFrame frame) {
        transport.publish(frame);
        indicator.frame();
    }
}
