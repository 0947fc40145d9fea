package org.malcomedge.agent.device;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.malcomedge.agent.gossip.GossipNode;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.firmware.frames.Frames;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.Control;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.NodeState;
import org.malcomedge.wire.ResidualFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one agent hears from its fleet: the plan, the control command, every node's state, and its
 * neighbours' frames. MQTT callbacks write it, the round loop reads and waits on it; one lock.
 *
 * <p>Frames are applied to the node as they arrive, except those of a round later than the one the
 * node is in: a fast neighbour's next frame must not enter the estimates before this node's
 * consensus step, so it is held and applied when the node gets to that round ({@link #enter}). Then
 * every node mixes exactly the frames the synchronous simulation mixes. Keyframes (repairs) are
 * applied at once.
 *
 * <p>A node that lost its own broker connection (a broker restart) learns nothing of its
 * neighbours' liveness meanwhile, so it judges none: while it is offline the round barrier waits
 * and no neighbour falls silent, and for a grace of the plan's dropout rounds after the reconnect
 * its neighbours' silence is counted from the reconnect and a DEATH (the will the broker sent for
 * every client it lost) does not remove a neighbour: it is heard again, or announces BIRTH again,
 * or falls silent after the grace like any dropout.
 */
final class FleetView {

    private static final Logger log = LoggerFactory.getLogger(FleetView.class);
    /** Longest single wait, so that a test's clock or an interrupt is noticed. */
    private static final long POLL_MILLIS = 50;
    /**
     * How long a DEATH waits before it counts: a broker that shuts down sends the will of every
     * client it drops to those it has not dropped yet, so the last ones hear everybody die a few
     * milliseconds before they lose the broker themselves (seen with Mosquitto 2.0.11).
     */
    static final Duration DEATH_SETTLE = Duration.ofMillis(500);

    /** A plan as received: the message and its bytes (whose digest ties checkpoints to it). */
    record ReceivedPlan(ExperimentPlan plan, byte[] bytes) {
    }

    private final String self;
    private final String experiment;
    private final Clock clock;
    private final Runnable heartbeat;

    private ReceivedPlan plan;
    /** Plans not for this node, by hash, so that each is logged once. */
    private final Set<Integer> ignoredPlans = new HashSet<>();
    private Control.Command command = Control.Command.COMMAND_UNSPECIFIED;
    private boolean leaveAsked;
    private final Liveness liveness;

    private GossipNode node;
    private Runnable neighbourListensAgain = () -> { };
    private LinkModel loss = LinkModel.perfect();
    /** Frames of a round later than the one the node is in (see the class comment). */
    private final List<ResidualFrame> early = new ArrayList<>();
    private int injectedDrops;

    /** @param heartbeat called in every slice of every wait (the agent's watchdog ping) */
    FleetView(String self, String experiment, Clock clock, Runnable heartbeat) {
        this.self = self;
        this.experiment = experiment;
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.liveness = new Liveness(self, clock);
    }

    // ---- MQTT callbacks ----

    synchronized void onPlan(String topic, byte[] payload) {
        ExperimentPlan received = parse(topic, payload, ExperimentPlan.parser());
        if (received == null) {
            return;
        }
        if (!received.getExperiment().equals(experiment) || !NodePlan.lists(received, self)) {
            if (ignoredPlans.add(Arrays.hashCode(payload))) {
                log.info("{}: ignored the plan on {} of experiment '{}' with nodes {}: it is not for this node",
                        self, topic, received.getExperiment(), received.getNodesList());
            }
            return;
        }
        plan = new ReceivedPlan(received, payload);
        notifyAll();
    }

    synchronized void onControl(String topic, byte[] payload) {
        Control control = parse(topic, payload, Control.parser());
        if (control != null && (control.getExperiment().isEmpty() || control.getExperiment().equals(experiment))) {
            command = control.getCommand();
            log.info("{}: control {}{}", self, command, control.getReason().isEmpty() ? "" : ": " + control.getReason());
            notifyAll();
        }
    }

    synchronized void onState(String topic, byte[] payload) {
        NodeState state = parse(topic, payload, NodeState.parser());
        if (state == null) {
            return;
        }
        String node;
        try {
            node = Topics.parse(topic).node().orElse("");
        } catch (IllegalArgumentException e) {
            return;
        }
        if (node.equals(self) || !node.equals(state.getNode())) {
            return;
        }
        if (liveness.onState(node, state)) {
            neighbourListensAgain.run(); // what we sent while it was away is lost for it
        }
        notifyAll();
    }

    /**
     * The message, or null (logged) when it is not one of the kind expected on its topic. An empty
     * payload is how a retained message is cleared (the coordinator clears a leftover control so):
     * null, silently, rather than a default message such as COMMAND_UNSPECIFIED.
     */
    private <T> T parse(String topic, byte[] payload, Parser<T> parser) {
        if (payload.length == 0) {
            return null;
        }
        try {
            return parser.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            log.warn("{}: ignored a message on {} that does not parse: {}", self, topic, e.getMessage());
            return null;
        }
    }

    /** A neighbour's frame (on Paho's thread). */
    synchronized void onFrame(ResidualFrame frame) {
        if (node == null) {
            return; // not attached yet: nothing subscribes before attach, but be safe
        }
        String sender = frame.getSender();
        int frameRound = (int) Math.min(Integer.MAX_VALUE, frame.getRound());
        liveness.heard(sender, frameRound);
        notifyAll();
        if (!frame.getKeyframe() && loss.delay(sender, self, frame) == LinkModel.LOST) {
            injectedDrops++; // testing: lost on purpose, but the barrier above knows the sender got there
        } else if (frame.getKeyframe() || frameRound <= liveness.round()) {
            node.receive(frame);
        } else {
            early.add(frame);
        }
    }

    /**
     * Follows this node's broker connection for the liveness judgements, with a grace of
     * {@code graceRounds} rounds (the plan's dropout rounds) after each reconnect.
     */
    synchronized FleetLink.ConnectionListener outages(int graceRounds) {
        liveness.graceAfterReconnect(graceRounds);
        return new FleetLink.ConnectionListener() {
            @Override
            public void connectionLost() {
                synchronized (FleetView.this) {
                    liveness.connectionLost();
                }
            }

            @Override
            public void reconnected() {
                synchronized (FleetView.this) {
                    liveness.reconnected();
                    FleetView.this.notifyAll();
                }
            }
        };
    }

    /** The leave button: stop after the current round. */
    synchronized void askToLeave() {
        leaveAsked = true;
        notifyAll();
    }

    // ---- the agent's thread ----

    /** Waits for a plan of this experiment that lists this node; null when asked to leave first. */
    synchronized ReceivedPlan awaitPlan() throws InterruptedException {
        await(() -> plan != null || leaveAsked, () -> Instant.MAX);
        return leaveAsked ? null : plan;
    }

    /** Waits for START (a STOP or ABORT retained from before is not a reason to give up); false when asked to leave. */
    synchronized boolean awaitStart() throws InterruptedException {
        await(() -> command == Control.Command.START || leaveAsked, () -> Instant.MAX);
        return !leaveAsked;
    }

    /** Control STOP or ABORT, or the leave button: finish the current round and leave. */
    synchronized boolean stopAsked() {
        return leaveAsked || command == Control.Command.STOP || command == Control.Command.ABORT;
    }

    /** Starts taking frames for {@code node}, which is in {@code firstRound}. */
    synchronized void attach(GossipNode target, int firstRound, LinkModel injectedLoss) {
        this.node = target;
        liveness.enter(firstRound);
        this.loss = injectedLoss;
    }

    /**
     * The round barrier: waits until every live neighbour's latest frame is of round {@code t} or
     * later, or for {@code timeout}, or until asked to stop. A neighbour that left or died
     * counts as there once its last announced round is before {@code t} (else its frame is on the way).
     * Time offline does not count: the timeout runs again from the reconnect.
     *
     * @return the neighbours still missing when it stopped waiting (empty when all arrived)
     */
    synchronized Set<String> awaitNeighbours(int t, Collection<String> neighbours, Duration timeout)
            throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        await(() -> liveness.missing(t, neighbours).isEmpty() || stopAsked(),
                () -> liveness.barrierDeadline(deadline, timeout));
        return liveness.missing(t, neighbours);
    }

    /** The node is now in {@code next}: the frames that arrived early for it are applied, in delivery order. */
    synchronized void enter(int next) {
        liveness.enter(next);
        List<ResidualFrame> due = new ArrayList<>();
        early.removeIf(f -> f.getRound() <= next && due.add(f));
        due.sort(Frames.DELIVERY_ORDER);
        due.forEach(node::receive);
    }

    /**
     * Dropout by silence: after round {@code t}, a live neighbour whose latest frame is of round
     * {@code t - rounds} or older (it missed the last {@code rounds} barriers) counts as gone until
     * it is heard again. Rounds that pass without waiting (catching up after a restart) see frames
     * of later rounds, so they never make a neighbour silent. After a reconnect of this node,
     * silence counts from the reconnect; while offline nobody falls silent.
     */
    synchronized void noteSilence(int t, Collection<String> neighbours, int rounds) {
        liveness.noteSilence(t, neighbours, rounds);
    }

    /**
     * Whether this node has nobody left to mix with from round {@code t} on: every neighbour finished
     * the run (LEFT after round {@code lastRound}) without a frame for {@code t}, as when this node
     * was restarted after they finished. Training on alone would publish rounds nobody hears and the
     * coordinator has written already. Neighbours that left early (STOP, the leave button) do not
     * strand it: they may come back in a new epoch.
     */
    synchronized boolean stranded(int t, Collection<String> neighbours, int lastRound) {
        return liveness.stranded(t, neighbours, lastRound);
    }

    /**
     * Runs {@code action} (on Paho's thread: it must not wait) whenever a neighbour announces it
     * listens again after an outage of its own ({@link FleetLink#RECONNECTED}).
     */
    synchronized void onNeighbourReconnected(Runnable action) {
        neighbourListensAgain = action;
    }

    /** Counts the neighbours' silence from {@code round} on (the node's start or resume point). */
    synchronized void expectFrom(Collection<String> neighbours, int round) {
        liveness.expectFrom(neighbours, round);
    }

    /**
     * Which of {@code nodes} take part in round {@code t} as far as this node knows: not silent, and
     * not dead or gone by their state topic, unless they left after finishing round {@code t} (a
     * node that finished the run early still counts in its last rounds, so every node mixes with
     * the weights the others use). A node without a state yet counts as alive; this node always does.
     */
    synchronized Set<String> alive(Collection<String> nodes, int t) {
        return liveness.alive(nodes, t);
    }

    /** Residual frames dropped on purpose (plan.inject_loss) since the last call. */
    synchronized int takeInjectedDrops() {
        int n = injectedDrops;
        injectedDrops = 0;
        return n;
    }

    /** Waits until {@code done} or {@code deadline}, which may move (it is asked again at every wake-up). */
    private void await(BooleanSupplier done, Supplier<Instant> deadlines) throws InterruptedException {
        while (!done.getAsBoolean()) {
            heartbeat.run();
            Instant deadline = deadlines.get();
            long left = deadline.equals(Instant.MAX) ? POLL_MILLIS : deadline.toEpochMilli() - clock.millis();
            if (left <= 0) {
                return;
            }
            wait(Math.min(left, POLL_MILLIS));
        }
    }
}
