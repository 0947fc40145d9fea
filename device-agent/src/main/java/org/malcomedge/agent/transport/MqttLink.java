package org.malcomedge.agent.transport;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.malcomedge.firmware.BuildInfo;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.NodeState;
import org.malcomedge.wire.ResidualFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's connection to the broker over Eclipse Paho MQTT 5 (DESIGN.md sections 5 and 9).
 *
 * <ul>
 *   <li>Clean start off with a session expiry, automatic reconnect, and every subscription made
 *       again in {@code connectComplete} after each (re)connect: Paho does not, and a restarted
 *       broker without persistence has forgotten the session.</li>
 *   <li>A node announces itself: the retained BIRTH {@link NodeState} on its state topic after each
 *       connect, and the retained DEATH as the MQTT will, which the broker publishes when the
 *       connection drops without a DISCONNECT. {@link #close()} publishes LEAVE first.</li>
 *   <li>Residual frames and keyframes go out QoS 1 on the sender's own topics; nothing larger than
 *       {@link MqttLinkSettings#maxFrameBytes()} is published, and the broker is told (Maximum
 *       Packet Size) not to send us more.</li>
 *   <li>The sockets under Paho count their bytes: {@link #socketBytes()} is what they carried.</li>
 * </ul>
 *
 * Handlers run on Paho's callback thread, one message at a time, in arrival order: keep them short.
 */
public final class MqttLink implements AutoCloseable {

    /** Receives the messages of one subscription. */
    @FunctionalInterface
    public interface MessageHandler {
        void onMessage(String topic, byte[] payload);
    }

    private record Subscription(int qos, MessageHandler handler) {
    }

    private static final Logger log = LoggerFactory.getLogger(MqttLink.class);
    /** Room for the fixed header, topic and properties of a PUBLISH around its payload. */
    private static final int PACKET_OVERHEAD = 1024;
    private static final int QOS_ACKED = 1;
    private static final int FIRST_ERROR_REASON = 0x80;

    private final MqttLinkSettings settings;
    private final MqttAsyncClient client;
    private final SocketLedger ledger = new SocketLedger();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicLong connects = new AtomicLong();
    private final long timeoutMillis;
    private volatile boolean closing;
    /** Set by {@link #connectBeforeBirth}: no BIRTH until {@link #announce}. */
    private volatile boolean birthHeld;
    /** The round carried by the node's state messages. */
    private volatile long round;

    private MqttLink(MqttLinkSettings settings) throws MqttException {
        this.settings = settings;
        this.timeoutMillis = settings.timeout().toMillis();
        this.client = new MqttAsyncClient(settings.broker().toString(), settings.clientId(), new MemoryPersistence());
        DisconnectedBufferOptions offline = new DisconnectedBufferOptions();
        offline.setBufferEnabled(true); // publishes during a broker outage go out after the reconnect
        offline.setBufferSize(10_000);
        client.setBufferOpts(offline);
        client.setCallback(new Callback());
    }

    /**
     * Connects, announces the node (when the settings say so) and returns once the broker accepted.
     *
     * @throws MqttLinkException naming the broker and why it refused or could not be reached
     * @throws org.malcomedge.agent.cli.InputException when the TLS files cannot be read or used
     */
    public static MqttLink connect(MqttLinkSettings settings) throws MqttLinkException {
        return connect(settings, false);
    }

    /**
     * Connects with the will (DEATH) in place but holds the BIRTH back until {@link #announce}: a
     * device says it is there only once it listens to its neighbours.
     */
    public static MqttLink connectBeforeBirth(MqttLinkSettings settings) throws MqttLinkException {
        return connect(settings, true);
    }

    private static MqttLink connect(MqttLinkSettings settings, boolean holdBirth) throws MqttLinkException {
        MqttLink link;
        try {
            link = new MqttLink(settings);
        } catch (MqttException e) {
            throw new MqttLinkException("cannot create an MQTT client for " + settings.broker() + ": " + e.getMessage(), e);
        }
        link.birthHeld = holdBirth;
        try {
            link.client.connect(link.options()).waitForCompletion(link.timeoutMillis);
        } catch (MqttException e) {
            link.closeQuietly();
            throw new MqttLinkException("cannot connect to " + settings.broker() + " as '" + settings.clientId()
                    + "': " + ConnectFailure.explain(settings, e).orElseGet(() -> describe(e)), e);
        }
        return link;
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, (int) Math.max(1, settings.reconnectDelay().toSeconds()));
        o.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        o.setConnectionTimeout((int) Math.max(1, settings.timeout().toSeconds()));
        o.setMaximumPacketSize((long) settings.maxFrameBytes() + PACKET_OVERHEAD);
        settings.username().ifPresent(o::setUserName);
        settings.password().ifPresent(p -> o.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        o.setSocketFactory(socketFactory());
        if (settings.announce()) {
            o.setWill(Topics.state(settings.experiment(), settings.clientId()),
                    message(state(NodeState.Status.DEATH, "connection lost").toByteArray(), true));
        }
        return o;
    }

    private SocketFactory socketFactory() {
        if (!settings.secure()) {
            return new CountingSocketFactory(ledger);
        }
        return new CountingSslSocketFactory(settings.tls().map(PemTls::socketFactory)
                .orElseGet(() -> (SSLSocketFactory) SSLSocketFactory.getDefault()), ledger);
    }

    /** The node's state message, e.g. for a LEAVE or a custom BIRTH detail. */
    public NodeState state(NodeState.Status status, String detail) {
        return NodeState.newBuilder()
                .setExperiment(settings.experiment())
                .setNode(settings.clientId())
                .setStatus(status)
                .setEpoch(settings.epoch())
                .setTimestampMs(System.currentTimeMillis())
                .setAgentVersion(BuildInfo.version())
                .setDetail(detail)
                .setRound(round)
                .build();
    }

    /**
     * Publishes the node's retained BIRTH carrying {@code completedRound} (its resume point); state
     * messages from now on carry that round, and every reconnect announces the node again.
     */
    public void announce(long completedRound) throws MqttLinkException {
        progress(completedRound);
        birthHeld = false;
        publish(Topics.state(settings.experiment(), settings.clientId()),
                state(NodeState.Status.BIRTH, "connected").toByteArray(), QOS_ACKED, true);
    }

    /** Publishes a residual frame (or, when {@code keyframe} is set, a keyframe) on this node's own topic, QoS 1. */
    public void publishFrame(ResidualFrame frame) throws MqttLinkException {
        if (!frame.getSender().equals(settings.clientId()) || !frame.getExperiment().equals(settings.experiment())) {
            throw new IllegalArgumentException("frame of '" + frame.getSender() + "' in '" + frame.getExperiment()
                    + "' published by '" + settings.clientId() + "' in '" + settings.experiment() + "'");
        }
        String topic = frame.getKeyframe()
                ? Topics.keyframe(settings.experiment(), settings.clientId())
                : Topics.residual(settings.experiment(), settings.clientId());
        publish(topic, frame.toByteArray(), QOS_ACKED, false);
    }

    /**
     * Publishes one message. While connected, returns once the broker acknowledged it (QoS 1 and 2);
     * during an outage Paho keeps it and sends it after the reconnect, and this returns at once.
     *
     * @throws MqttLinkException when the message is larger than the maximum frame size, or the
     *                           broker refused it (e.g. the ACL denies this topic), or did not answer
     */
    public void publish(String topic, byte[] payload, int qos, boolean retained) throws MqttLinkException {
        if (payload.length > settings.maxFrameBytes()) {
            throw new MqttLinkException("refusing to publish " + payload.length + " bytes on " + topic
                    + ": larger than the maximum frame size " + settings.maxFrameBytes());
        }
        Optional<String> refused;
        try {
            boolean online = client.isConnected();
            IMqttToken token = client.publish(topic, message(payload, retained, qos));
            refused = online && qos > 0 ? acknowledgement(token) : Optional.empty();
        } catch (MqttException e) {
            throw new MqttLinkException("cannot publish on " + topic + " via " + settings.broker() + ": " + describe(e), e);
        }
        if (refused.isPresent()) {
            throw new MqttLinkException("broker " + settings.broker() + " refused the message on " + topic
                    + " from '" + settings.clientId() + "': " + refused.get());
        }
    }

    /**
     * Subscribes and keeps the subscription across reconnects; messages go to {@code handler}.
     *
     * @throws MqttLinkException when the broker refuses the subscription (e.g. the ACL) or does not answer
     */
    public void subscribe(String topicFilter, int qos, MessageHandler handler) throws MqttLinkException {
        MqttTopicValidator.validate(topicFilter, true, true);
        subscriptions.put(topicFilter, new Subscription(qos, handler));
        if (!client.isConnected()) {
            return; // connectComplete subscribes it
        }
        Optional<String> refused;
        try {
            refused = acknowledgement(client.subscribe(new MqttSubscription(topicFilter, qos)));
        } catch (MqttException e) {
            throw new MqttLinkException("cannot subscribe to " + topicFilter + " via " + settings.broker() + ": "
                    + describe(e), e);
        }
        if (refused.isPresent()) {
            subscriptions.remove(topicFilter);
            throw new MqttLinkException("broker " + settings.broker() + " refused the subscription of '"
                    + settings.clientId() + "' to " + topicFilter + ": " + refused.get());
        }
    }

    public void unsubscribe(String topicFilter) throws MqttLinkException {
        if (subscriptions.remove(topicFilter) == null || !client.isConnected()) {
            return;
        }
        try {
            client.unsubscribe(topicFilter).waitForCompletion(timeoutMillis);
        } catch (MqttException e) {
            throw new MqttLinkException("cannot unsubscribe from " + topicFilter + ": " + describe(e), e);
        }
    }

    /** Bytes the sockets under this link carried so far, both directions, over all reconnects. */
    public SocketBytes socketBytes() {
        return ledger.snapshot();
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Successful connects so far: 1 after {@link #connect}, +1 per automatic reconnect. */
    public long connects() {
        return connects.get();
    }

    public MqttLinkSettings settings() {
        return settings;
    }

    /** Publishes LEAVE (for a node) and disconnects cleanly, so the broker does not send the will. */
    @Override
    public void close() {
        leave("closed");
    }

    /** The round the node's state messages carry from now on (the will keeps the one of the connect). */
    public void progress(long completedRound) {
        round = completedRound;
    }

    /** {@link #close()} with the LEAVE saying why ({@code detail}), e.g. "finished". */
    public void leave(String detail) {
        if (closing) {
            return;
        }
        closing = true;
        try {
            if (client.isConnected()) {
                if (settings.announce()) {
                    publish(Topics.state(settings.experiment(), settings.clientId()),
                            state(NodeState.Status.LEAVE, detail).toByteArray(), QOS_ACKED, true);
                }
                client.disconnect(timeoutMillis).waitForCompletion(timeoutMillis);
            }
        } catch (MqttException | MqttLinkException e) {
            log.warn("{}: unclean disconnect from {}: {}", settings.clientId(), settings.broker(), e.getMessage());
        } finally {
            closeQuietly();
        }
    }

    /**
     * Dies the way a killed process does: the sockets close with no DISCONNECT, so the broker
     * publishes the will, and nothing reconnects. For tests of the death path.
     */
    void crash() {
        closing = true;
        ledger.severAll();
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException alreadyDown) {
            // the severed socket may have been noticed first
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("{}: close: {}", settings.clientId(), e.getMessage());
        }
    }

    private static MqttMessage message(byte[] payload, boolean retained) {
        return message(payload, retained, QOS_ACKED);
    }

    private static MqttMessage message(byte[] payload, boolean retained, int qos) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        m.setRetained(retained);
        return m;
    }

    /** Waits for the broker's acknowledgement; its first error reason code, described, if any. */
    private Optional<String> acknowledgement(IMqttToken token) throws MqttException {
        token.waitForCompletion(timeoutMillis);
        return refusal(token);
    }

    private static Optional<String> refusal(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        if (codes == null) {
            return Optional.empty();
        }
        for (int code : codes) {
            if (code >= FIRST_ERROR_REASON) {
                return Optional.of(ReasonCodes.describe(code));
            }
        }
        return Optional.empty();
    }

    private static String describe(MqttException e) {
        int code = e.getReasonCode();
        String text = e.getMessage();
        return code >= FIRST_ERROR_REASON && code <= 0xFF ? ReasonCodes.describe(code) : text + " (" + code + ")";
    }

    private final class Callback implements MqttCallback {

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            long n = connects.incrementAndGet();
            if (reconnect) {
                log.info("{}: reconnected to {} (connect #{})", settings.clientId(), serverUri, n);
            }
            if (settings.announce() && !birthHeld) {
                sendAsync(Topics.state(settings.experiment(), settings.clientId()),
                        state(NodeState.Status.BIRTH, reconnect ? "reconnected" : "connected").toByteArray());
            }
            // Paho keeps no subscriptions of its own across a lost session: make them all again.
            subscriptions.forEach((filter, s) -> resubscribe(filter, s.qos()));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            byte[] payload = message.getPayload();
            for (Map.Entry<String, Subscription> s : subscriptions.entrySet()) {
                if (MqttTopicValidator.isMatched(s.getKey(), topic)) {
                    try {
                        s.getValue().handler().onMessage(topic, payload);
                    } catch (RuntimeException e) {
                        // Throwing into Paho would drop the connection; a bad handler must not.
                        log.error("{}: handler for {} failed on {}", settings.clientId(), s.getKey(), topic, e);
                    }
                }
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!closing) {
                log.warn("{}: disconnected from {}: {}; reconnecting", settings.clientId(), settings.broker(),
                        response.getException() != null ? response.getException().getMessage()
                                : ReasonCodes.describe(response.getReturnCode()));
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            log.warn("{}: MQTT error: {}", settings.clientId(), describe(e));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publish() waits on its own token
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }

    private void sendAsync(String topic, byte[] payload) {
        try {
            client.publish(topic, message(payload, true), null, failureLogger("publish on " + topic));
        } catch (MqttException e) {
            log.warn("{}: cannot publish on {}: {}", settings.clientId(), topic, describe(e));
        }
    }

    private void resubscribe(String filter, int qos) {
        try {
            // Not waiting: this runs on Paho's callback thread, which must stay free to read the SUBACK.
            client.subscribe(filter, qos, null, failureLogger("resubscribe to " + filter));
        } catch (MqttException e) {
            log.warn("{}: cannot resubscribe to {}: {}", settings.clientId(), filter, describe(e));
        }
    }

    private MqttActionListener failureLogger(String what) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                refusal(token).ifPresent(reason -> log.warn("{}: broker refused {}: {}", settings.clientId(), what, reason));
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                log.warn("{}: {} failed: {}", settings.clientId(), what, e.getMessage());
            }
        };
    }
}
