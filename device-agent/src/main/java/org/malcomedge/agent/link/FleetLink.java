package org.malcomedge.agent.link;

import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.NodeState;
import org.malcomedge.wire.ResidualFrame;

/**
 * A device's connection to the fleet's broker as the agent sees it (DESIGN.md sections 5 and 9):
 * publish and subscribe on the topic layout, and the node's presence on its retained state topic
 * (BIRTH, LEAVE, the DEATH will). Two implementations: {@code mqtt.MqttLink} over Eclipse Paho MQTT 5,
 * and the links of a {@link MemoryBroker} in one JVM, on which the fleet logic is tested.
 *
 * <p>Handlers run on the link's one delivery thread, one message at a time, in arrival order.
 */
public interface FleetLink extends AutoCloseable {

    /** The detail of a node's BIRTH on its first connect. */
    String CONNECTED = "connected";
    /**
     * The detail of a node's BIRTH after a reconnect, published once its subscriptions stand again:
     * what a neighbour sent it meanwhile is lost (each reconnect starts clean), so a neighbour that
     * hears this BIRTH sends its latest frame again.
     */
    String RECONNECTED = "reconnected";

    /** Receives the messages of one subscription. */
    @FunctionalInterface
    interface MessageHandler {
        void onMessage(String topic, byte[] payload);
    }

    /** A message handed to the link, the broker's acknowledgement not yet checked. */
    @FunctionalInterface
    interface Sent {
        /** Nothing to wait for. */
        Sent CONFIRMED = () -> { };

        /**
         * Waits for the broker's acknowledgement (at once when it came already).
         *
         * @throws LinkException when the broker refused the message or did not answer
         */
        void confirm() throws LinkException;
    }

    /**
     * Told when the connection to the broker drops and when it is back (once the subscriptions
     * stand again), once each per outage.
     */
    interface ConnectionListener {
        void connectionLost();

        void reconnected();
    }

    /** The node (or client) id: the sender of its frames, the name of its topics. */
    String clientId();

    String experiment();

    /** Nothing larger is published, nor accepted from the broker. */
    int maxFrameBytes();

    /**
     * Subscribes and keeps the subscription across reconnects; messages go to {@code handler}.
     * A link's filters must not overlap: a broker may send a message once per matching
     * subscription (Mosquitto does, HiveMQ sends one copy), and every copy reaches every matching
     * handler, so a handler would see it once or twice depending on the broker. The memory twin
     * refuses an overlapping filter.
     *
     * @throws LinkException when the broker refuses the subscription (e.g. the ACL) or does not answer
     */
    void subscribe(String topicFilter, int qos, MessageHandler handler) throws LinkException;

    void unsubscribe(String topicFilter) throws LinkException;

    /**
     * Publishes one message up to the broker's acknowledgement, which the caller confirms later.
     *
     * @throws LinkException when the message is larger than {@link #maxFrameBytes()}, or the
     *                           link is closed, or cannot take it
     */
    Sent send(String topic, byte[] payload, int qos, boolean retained) throws LinkException;

    /** {@link #send} and wait for the acknowledgement. */
    default void publish(String topic, byte[] payload, int qos, boolean retained) throws LinkException {
        send(topic, payload, qos, retained).confirm();
    }

    /** Sends a residual frame (or, when {@code keyframe} is set, a keyframe) on this node's own topic, QoS 1. */
    default Sent sendFrame(ResidualFrame frame) throws LinkException {
        if (!frame.getSender().equals(clientId()) || !frame.getExperiment().equals(experiment())) {
            throw new IllegalArgumentException("frame of '" + frame.getSender() + "' in '" + frame.getExperiment()
                    + "' published by '" + clientId() + "' in '" + experiment() + "'");
        }
        String topic = frame.getKeyframe()
                ? Topics.keyframe(experiment(), clientId())
                : Topics.residual(experiment(), clientId());
        return send(topic, frame.toByteArray(), 1, false);
    }

    /** {@link #sendFrame} and wait for the acknowledgement. */
    default void publishFrame(ResidualFrame frame) throws LinkException {
        sendFrame(frame).confirm();
    }

    /** The node's state message, e.g. for a LEAVE or a custom BIRTH detail. */
    NodeState state(NodeState.Status status, String detail);

    /**
     * Publishes the node's retained BIRTH carrying {@code completedRound} (its resume point); state
     * messages from now on carry that round, and every reconnect announces the node again.
     */
    void announce(long completedRound) throws LinkException;

    /** The round the node's state messages carry from now on (the will keeps the one of its connect). */
    void progress(long completedRound);

    /**
     * Leaves for good, saying why ({@code detail}, e.g. "finished"): the LEAVE (for a node) is
     * published, the subscriptions dropped, the connection closed so that the broker discards the
     * will. Nothing reconnects afterwards.
     */
    void leave(String detail);

    /** {@link #leave} with "closed". */
    @Override
    default void close() {
        leave("closed");
    }

    /**
     * Tells {@code listener} of every lost connection and reconnect from now on; when the link is
     * down right now, it hears {@code connectionLost} at once.
     */
    void addConnectionListener(ConnectionListener listener);

    boolean isConnected();

    /** Bytes this link carried so far, both directions, over all reconnects. */
    SocketBytes socketBytes();
}
