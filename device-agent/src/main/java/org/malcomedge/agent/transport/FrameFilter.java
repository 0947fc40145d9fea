package org.malcomedge.agent.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.malcomedge.firmware.frames.Frames;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.ResidualFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.malcomedge.agent.link.FleetLink;

/**
 * The receiving node's gate for residual frames and keyframes: whatever the broker delivers, only
 * intact, fresh frames of this experiment from current neighbours, of the model's dimension, pass.
 * Every other frame is dropped, counted by {@link FrameDrop reason} and logged with the reason: at
 * WARN the first time a sender's frame is dropped for a reason and then at most once a minute per
 * sender and reason (a flood of forged frames must not flood the log), else at DEBUG; the expected
 * drops (replays) always at DEBUG.
 *
 * <p>Replays are judged per sender and epoch: a sender's new (higher) epoch starts a new window;
 * frames of an epoch it has left are stale.
 */
public final class FrameFilter {

    private static final Logger log = LoggerFactory.getLogger(FrameFilter.class);

    private record Sender(long epoch, ReplayWindow window) {
    }

    private final String experiment;
    private final String self;
    private final Set<String> nodes;
    private final int dimension;
    private final int maxFrameBytes;
    private volatile Set<String> neighbours;
    private final Map<String, Sender> senders = new HashMap<>();
    private final AtomicLongArray drops = new AtomicLongArray(FrameDrop.values().length);
    private final WarningLimiter warnings;

    /**
     * @param self       the receiving node (for log lines)
     * @param nodes      all nodes of the plan
     * @param neighbours the receiving node's current neighbours, a subset of {@code nodes}
     * @param dimension  the model's dimension d
     */
    public FrameFilter(String experiment, String self, Set<String> nodes, Set<String> neighbours, int dimension,
                       int maxFrameBytes) {
        this(experiment, self, nodes, neighbours, dimension, maxFrameBytes, new WarningLimiter(System::nanoTime));
    }

    FrameFilter(String experiment, String self, Set<String> nodes, Set<String> neighbours, int dimension,
                int maxFrameBytes, WarningLimiter warnings) {
        this.warnings = warnings;
        this.experiment = Topics.checkName("experiment", experiment);
        this.self = Objects.requireNonNull(self, "self");
        this.nodes = Set.copyOf(nodes);
        this.dimension = dimension;
        this.maxFrameBytes = maxFrameBytes;
        neighbours(neighbours);
    }

    /** Replaces the set of neighbours, after a dropout, a return, or in a dynamic topology. */
    public void neighbours(Set<String> current) {
        if (!nodes.containsAll(current)) {
            throw new IllegalArgumentException("neighbours " + current + " are not all nodes of the plan " + nodes);
        }
        neighbours = Set.copyOf(current);
    }

    /** A handler that passes the admitted frames of a subscription on to {@code sink}. */
    public FleetLink.MessageHandler into(Consumer<ResidualFrame> sink) {
        return (topic, payload) -> admit(topic, payload).ifPresent(sink);
    }

    /** The frame when it passes; empty (and counted, and logged) when it is dropped. */
    public synchronized Optional<ResidualFrame> admit(String topic, byte[] message) {
        if (message.length > maxFrameBytes) {
            return drop(FrameDrop.OVERSIZE, topic, "?", message.length + " bytes > " + maxFrameBytes);
        }
        ResidualFrame frame;
        try {
            frame = ResidualFrame.parseFrom(message);
        } catch (InvalidProtocolBufferException e) {
            return drop(FrameDrop.MALFORMED, topic, "?", "not a ResidualFrame: " + e.getMessage());
        }
        String sender = frame.getSender();
        if (sender.isEmpty() || frame.getSeq() < 0) {
            return drop(FrameDrop.MALFORMED, topic, sender, "empty sender or seq beyond 2^63: " + frame.getSeq());
        }
        if (!experiment.equals(frame.getExperiment())) {
            return drop(FrameDrop.WRONG_EXPERIMENT, topic, sender, "'" + frame.getExperiment() + "'");
        }
        if (!nodes.contains(sender)) {
            return drop(FrameDrop.UNKNOWN_SENDER, topic, sender, "not in the plan");
        }
        if (!neighbours.contains(sender)) {
            return drop(FrameDrop.NOT_NEIGHBOUR, topic, sender, "neighbours are " + neighbours);
        }
        String ownTopic = frame.getKeyframe() ? Topics.keyframe(experiment, sender) : Topics.residual(experiment, sender);
        if (!ownTopic.equals(topic)) {
            return drop(FrameDrop.WRONG_TOPIC, topic, sender, "expected on " + ownTopic);
        }
        if (frame.getDimension() != dimension) {
            return drop(FrameDrop.WRONG_DIMENSION, topic, sender, frame.getDimension() + " != " + dimension);
        }
        if (!Frames.intact(frame)) {
            return drop(FrameDrop.BAD_CRC, topic, sender, String.format("crc32c %08x does not match the payload",
                    frame.getCrc32C()));
        }
        if (!fresh(sender, Integer.toUnsignedLong(frame.getEpoch()), frame.getSeq(), frame.getKeyframe())) {
            return drop(FrameDrop.REPLAYED, topic, sender, "epoch " + Integer.toUnsignedLong(frame.getEpoch())
                    + " seq " + frame.getSeq());
        }
        return Optional.of(frame);
    }

    /**
     * Residuals are additive, so each (epoch, seq) may count once. A keyframe carries the seq of
     * the sender's last residual and is a whole estimate: applying it again changes nothing (the
     * receiver ignores one older than what it holds), and the sender serves the same one to every
     * neighbour that asks, so only a keyframe of a past epoch is stale.
     */
    private boolean fresh(String sender, long epoch, long seq, boolean keyframe) {
        Sender known = senders.get(sender);
        if (known == null || epoch > known.epoch()) {
            known = new Sender(epoch, new ReplayWindow());
            senders.put(sender, known);
        } else if (epoch < known.epoch()) {
            return false;
        }
        return keyframe || known.window().accept(seq);
    }

    private Optional<ResidualFrame> drop(FrameDrop reason, String topic, String sender, String detail) {
        long n = drops.incrementAndGet(reason.ordinal());
        if (!reason.expected() && warnings.firstInAWhile(reason + " from " + (sender.equals("?") ? topic : sender))) {
            log.warn("{}: dropped frame from '{}' on {}: {} ({}), {} of this reason so far; more of them from this "
                    + "sender are logged at most once every {} s", self, sender, topic, reason, detail, n,
                    WarningLimiter.INTERVAL.toSeconds());
        } else {
            log.debug("{}: dropped frame from '{}' on {}: {} ({}), {} so far", self, sender, topic, reason, detail, n);
        }
        return Optional.empty();
    }

    public long dropped(FrameDrop reason) {
        return drops.get(reason.ordinal());
    }

    public long dropped() {
        long total = 0;
        for (FrameDrop reason : FrameDrop.values()) {
            total += dropped(reason);
        }
        return total;
    }

    /** Drop counts by reason, zeros left out. */
    public Map<FrameDrop, Long> drops() {
        Map<FrameDrop, Long> counts = new EnumMap<>(FrameDrop.class);
        for (FrameDrop reason : FrameDrop.values()) {
            if (dropped(reason) > 0) {
                counts.put(reason, dropped(reason));
            }
        }
        return Collections.unmodifiableMap(counts);
    }
}
