package org.malcomedge.agent.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.ResidualFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.agent.link.SocketBytes;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.link.mqtt.MqttLink;

/**
 * A node's {@link Transport} over its own {@link FleetLink} (DESIGN.md section 5):
 * <ul>
 *   <li>residuals and keyframes go out QoS 1 on the node's {@code residual} and {@code keyframe}
 *       topics; subscribing to a sender means subscribing to both of its topics;</li>
 *   <li>a keyframe request is published on the requester's own {@code repair} topic with the asked
 *       neighbour's id as payload (a device writes only its own topics); every node subscribes to its
 *       neighbours' repair topics and serves the requests that name it;</li>
 *   <li>{@link #socketBytes()} is what this node's socket really carried.</li>
 * </ul>
 * Frames that do not parse, or whose sender or experiment does not match their topic, are dropped
 * and logged; with {@link #admitThrough(FrameFilter)} a filter judges every received frame instead
 * (the device agent's: counted reasons, neighbours, dimension, CRC, replays).
 * Keyframe requests are served on a thread of their own: Paho's callback thread must stay free to
 * read the acknowledgement of the keyframe's publish.
 */
public final class MqttTransport extends TransportHooks {

    private static final Logger log = LoggerFactory.getLogger(MqttTransport.class);
    private static final int QOS_ACKED = 1;

    private final FleetLink link;
    private final String node;
    private final String experiment;
    private final ExecutorService repairs;
    private volatile FrameFilter filter;
    /** The last published frame, its acknowledgement not yet checked. */
    private FleetLink.Sent unconfirmed = FleetLink.Sent.CONFIRMED;
    private String unconfirmedWhat = "";
    /** The latest residual frame published, sent again after an outage (see {@link #resendLatestFrame}). */
    private ResidualFrame latestResidual;

    /** Takes ownership of {@code link}: {@link #close()} closes it. */
    public MqttTransport(FleetLink link) {
        this.link = link;
        this.node = link.clientId();
        this.experiment = link.experiment();
        this.repairs = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "keyframe-" + node);
            thread.setDaemon(true);
            return thread;
        });
        link.addConnectionListener(new FleetLink.ConnectionListener() {
            @Override
            public void connectionLost() {
                // what goes out meanwhile waits in the link's queue
            }

            @Override
            public void reconnected() {
                resendLatestFrame(); // our subscribers that stayed connected may have lost it in flight
            }
        });
    }

    /** Connects a link with {@code settings} and wraps it. */
    public static MqttTransport connect(MqttLinkSettings settings) throws LinkException {
        return new MqttTransport(MqttLink.connect(settings));
    }

    @Override
    public String node() {
        return node;
    }

    /**
     * Hands the frame to Paho and returns without waiting for the broker's acknowledgement (a round
     * trip through the broker in every round, on the round's critical path); that acknowledgement
     * is checked by {@link #confirmPublished()}, or else at the next publish or {@link #close()}.
     */
    @Override
    public synchronized void publish(ResidualFrame frame) {
        confirmPublished();
        String what = "publish its " + (frame.getKeyframe() ? "keyframe" : "frame") + " of round " + frame.getRound();
        call(what, () -> unconfirmed = link.sendFrame(frame));
        unconfirmedWhat = what;
        if (!frame.getKeyframe()) {
            latestResidual = frame;
        }
        int bytes = frame.getSerializedSize();
        published(frame, bytes);
    }

    @Override
    public void subscribe(String sender, FrameHandler handler) {
        FleetLink.MessageHandler frames = (topic, payload) -> admit(sender, topic, payload).ifPresent(frame -> {
            delivered(frame, payload.length);
            handler.onFrame(frame);
        });
        FleetLink.MessageHandler requests = (topic, payload) -> {
            if (node.equals(new String(payload, StandardCharsets.UTF_8)) && keyframePublisher().isPresent()) {
                repairs.execute(this::serveKeyframeRequest);
            }
        };
        call("subscribe to " + sender, () -> {
            link.subscribe(Topics.residual(experiment, sender), QOS_ACKED, frames);
            link.subscribe(Topics.keyframe(experiment, sender), QOS_ACKED, frames);
            link.subscribe(Topics.repair(experiment, sender), QOS_ACKED, requests);
        });
    }

    /**
     * Publishes the latest residual frame again, off the caller's thread: after an outage (ours, or
     * a neighbour's that announced {@link FleetLink#RECONNECTED}), a neighbour may never have
     * received it, and a round barrier would wait a whole round timeout for it. Each reconnect
     * starts a clean session, so the broker neither kept it for a neighbour that was away nor
     * resends what was in flight. A neighbour that has it drops the copy as a replay (same epoch
     * and seq). Older frames the outage lost are gaps, which keyframes repair.
     */
    public void resendLatestFrame() {
        try {
            repairs.execute(this::publishLatestAgain);
        } catch (RejectedExecutionException closing) {
            // closed: nothing to send any more
        }
    }

    private void publishLatestAgain() {
        ResidualFrame latest;
        synchronized (this) {
            latest = latestResidual;
        }
        if (latest == null) {
            return;
        }
        try {
            publish(latest);
        } catch (RuntimeException e) {
            log.warn("{}: cannot send its latest frame again: {}", node, e.getMessage());
        }
    }

    private void serveKeyframeRequest() {
        try {
            keyframePublisher().ifPresent(Runnable::run);
        } catch (RuntimeException e) {
            log.error("{}: cannot serve a keyframe request: {}", node, e.getMessage(), e);
        }
    }

    /** From now on, received frames pass {@code gate} (or are dropped by it) before any handler sees them. */
    public void admitThrough(FrameFilter gate) {
        filter = gate;
    }

    private Optional<ResidualFrame> admit(String sender, String topic, byte[] payload) {
        FrameFilter gate = filter;
        return gate != null ? gate.admit(topic, payload) : parse(sender, topic, payload);
    }

    private Optional<ResidualFrame> parse(String sender, String topic, byte[] payload) {
        try {
            ResidualFrame frame = ResidualFrame.parseFrom(payload);
            if (frame.getSender().equals(sender) && frame.getExperiment().equals(experiment)) {
                return Optional.of(frame);
            }
            log.warn("{}: dropped a frame on {} from '{}' in '{}'", node, topic, frame.getSender(), frame.getExperiment());
        } catch (InvalidProtocolBufferException e) {
            log.warn("{}: dropped a message on {} that is not a ResidualFrame: {}", node, topic, e.getMessage());
        }
        return Optional.empty();
    }

    @Override
    public void unsubscribe(String sender) {
        call("unsubscribe from " + sender, () -> {
            link.unsubscribe(Topics.residual(experiment, sender));
            link.unsubscribe(Topics.keyframe(experiment, sender));
            link.unsubscribe(Topics.repair(experiment, sender));
        });
    }

    @Override
    public void requestKeyframe(String sender) {
        call("ask " + sender + " for a keyframe", () -> link.publish(Topics.repair(experiment, node),
                sender.getBytes(StandardCharsets.UTF_8), QOS_ACKED, false));
    }

    /** Bytes this node's socket carried so far, both directions, MQTT framing included. */
    public SocketBytes socketBytes() {
        return link.socketBytes();
    }

    /**
     * Waits for the broker's acknowledgement of the last published frame (at once when it came
     * already; a device agent asks after its round barrier, by when it usually has).
     *
     * @throws TransportException when the broker refused the frame or did not answer
     */
    public synchronized void confirmPublished() {
        FleetLink.Sent last = unconfirmed;
        unconfirmed = FleetLink.Sent.CONFIRMED;
        call(unconfirmedWhat, last::confirm);
    }

    @Override
    public void close() {
        repairs.shutdownNow();
        try {
            confirmPublished();
        } catch (TransportException e) {
            log.warn("{}", e.getMessage());
        }
        link.close();
    }

    private interface LinkCall {
        void run() throws LinkException;
    }

    private void call(String what, LinkCall call) {
        try {
            call.run();
        } catch (LinkException e) {
            throw new TransportException("node " + node + " cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
