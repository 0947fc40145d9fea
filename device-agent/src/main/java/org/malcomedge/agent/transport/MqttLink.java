package org.malcomedge.agent.transport;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
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
 *   <li>Automatic reconnect, and every subscription made again in {@code connectComplete} after
 *       each (re)connect: Paho does not, and a restarted broker without persistence has forgotten
 *       the session.</li>
 *   <li>A node's link starts clean on every connect. Paho 1.2.5 replaces the topic of a QoS 1
 *       publish by a topic alias when the broker allows aliases (Mosquitto: 10, HiveMQ: 5), and
 *       after a reconnect into a resumed session it resends the publishes that were in flight with
 *       no topic and an alias the new connection never defined; the broker disconnects it for a
 *       protocol error, again at every reconnect (paho.mqtt.java#916; seen with Mosquitto 2.0.11
 *       restarted with persistence, where every agent looped so). Clean, Paho drops what was in
 *       flight (lost with the connection, see {@link #publish}) and the broker its queue for us:
 *       lost frames are gaps that keyframes repair.</li>
 *   <li>A silent link (the coordinator, which publishes little and must not miss reports) resumes
 *       its session with a session expiry, so the broker queues what arrives while it is away,
 *       until the broker refuses the resumed session for the reason above: from then on it starts
 *       clean too.</li>
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

    /** Told when the connection to the broker drops and when an automatic reconnect brings it back. */
    public interface ConnectionListener {
        void connectionLost();

        void reconnected();
    }

    private record Subscription(int qos, MessageHandler handler) {
    }

    private static final Logger log = LoggerFactory.getLogger(MqttLink.class);
    /** Room for the fixed header, topic and properties of a PUBLISH around its payload. */
    private static final int PACKET_OVERHEAD = 1024;
    private static final int QOS_ACKED = 1;
    private static final int FIRST_ERROR_REASON = 0x80;
    private static final int PROTOCOL_ERROR = 0x82;
    /**
     * Paho 1.2.5's automatic reconnect can stop for good, seen after a broker restart while the
     * other clients were back in 1.3 s: (a) an attempt that fails synchronously is only logged and
     * never rescheduled; (b) an attempt whose socket the dying broker accepted and then reset
     * leaves Paho's connect thread waiting forever for its sender thread, which already ended
     * (CommsSender.start polls isRunning()), so every later attempt is "Connect already in progress".
     * The watchdog checks a lost link every second: when no connect attempt began for longer than
     * Paho's longest delay and a connect's timeout (a), or the latest one outlived that (b), it
     * abandons the attempt and reconnects itself.
     */
    private static final ScheduledExecutorService RECONNECT_WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mqtt-reconnect-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private static final long WATCHDOG_PERIOD_MILLIS = 1000;

    private final MqttLinkSettings settings;
    private final MqttAsyncClient client;
    private final SocketLedger ledger = new SocketLedger();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicLong connects = new AtomicLong();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final long timeoutMillis;
    private final MqttConnectionOptions options;
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
        options = options(); // Paho reconnects with this very object: see Callback.disconnected
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
            link.client.connect(link.options).waitForCompletion(link.timeoutMillis);
        } catch (MqttException e) {
            link.closeQuietly();
            throw new MqttLinkException("cannot connect to " + settings.broker() + " as '" + settings.clientId()
                    + "': " + ConnectFailure.explain(settings, e).orElseGet(() -> describe(e)), e);
        }
        return link;
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(settings.announce()); // see the class comment
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
        sendFrame(frame).confirm();
    }

    /** {@link #publishFrame} without waiting for the broker's acknowledgement: confirm it later. */
    public Sent sendFrame(ResidualFrame frame) throws MqttLinkException {
        if (!frame.getSender().equals(settings.clientId()) || !frame.getExperiment().equals(settings.experiment())) {
            throw new IllegalArgumentException("frame of '" + frame.getSender() + "' in '" + frame.getExperiment()
                    + "' published by '" + settings.clientId() + "' in '" + settings.experiment() + "'");
        }
        String topic = frame.getKeyframe()
                ? Topics.keyframe(settings.experiment(), settings.clientId())
                : Topics.residual(settings.experiment(), settings.clientId());
        return send(topic, frame.toByteArray(), QOS_ACKED, false);
    }

    /** A message handed to Paho, its acknowledgement not yet checked. */
    @FunctionalInterface
    public interface Sent {
        /** Nothing to wait for. */
        Sent CONFIRMED = () -> { };

        /**
         * Waits for the broker's acknowledgement (at once when it came already).
         *
         * @throws MqttLinkException as {@link #publish} does
         */
        void confirm() throws MqttLinkException;
    }

    /**
     * Publishes one message. While connected, returns once the broker acknowledged it (QoS 1 and 2);
     * during an outage Paho keeps it and sends it after the reconnect, and this returns at once.
     * A QoS 1 or 2 message whose acknowledgement the outage cut off (the broker restarted) is no
     * failure either: Paho sends it again after the reconnect into the resumed session, or, when
     * the link had to start clean (see the class comment), it is lost with the connection; a
     * frame's gap is repaired by a keyframe, the retained BIRTH is sent again on the reconnect.
     *
     * @throws MqttLinkException when the message is larger than the maximum frame size, or the
     *                           broker refused it (e.g. the ACL denies this topic), or did not answer
     */
    public void publish(String topic, byte[] payload, int qos, boolean retained) throws MqttLinkException {
        send(topic, payload, qos, retained).confirm();
    }

    /**
     * {@link #publish} up to the broker's acknowledgement, which the caller confirms later: a round
     * need not wait a round trip to the broker for each of its messages (Paho's sender thread writes
     * them while the agent goes on).
     *
     * @throws MqttLinkException when the message is larger than the maximum frame size, or Paho refused it
     */
    public Sent send(String topic, byte[] payload, int qos, boolean retained) throws MqttLinkException {
        if (payload.length > settings.maxFrameBytes()) {
            throw new MqttLinkException("refusing to publish " + payload.length + " bytes on " + topic
                    + ": larger than the maximum frame size " + settings.maxFrameBytes());
        }
        IMqttToken token;
        boolean online;
        try {
            online = client.isConnected();
            token = client.publish(topic, message(payload, retained, qos));
        } catch (MqttException e) {
            publishFailed(topic, qos, e);
            return Sent.CONFIRMED;
        }
        if (!online || qos == 0) {
            return Sent.CONFIRMED;
        }
        return () -> {
            Optional<String> refused;
            try {
                refused = acknowledgement(token);
            } catch (MqttException e) {
                publishFailed(topic, qos, e);
                return;
            }
            if (refused.isPresent()) {
                throw new MqttLinkException("broker " + settings.broker() + " refused the message on " + topic
                        + " from '" + settings.clientId() + "': " + refused.get());
            }
        };
    }

    /** Returns when an outage cut the message off (see {@link #publish}), else throws. */
    private void publishFailed(String topic, int qos, MqttException e) throws MqttLinkException {
        if (qos > 0 && cutByOutage(e)) {
            log.info("{}: {} on {}: resent after the reconnect, or lost with the connection", settings.clientId(),
                    describe(e), topic);
            return;
        }
        throw new MqttLinkException("cannot publish on " + topic + " via " + settings.broker() + ": " + describe(e), e);
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
            if (cutByOutage(e)) {
                return; // kept: connectComplete subscribes it again
            }
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

    /**
     * Tells {@code listener} of every lost connection and reconnect from now on (on Paho's thread);
     * when the link is down right now, it hears {@code connectionLost} at once.
     */
    public void addConnectionListener(ConnectionListener listener) {
        connectionListeners.add(listener);
        if (!client.isConnected() && !closing) {
            listener.connectionLost();
        }
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

    /**
     * Failures that say the connection went (or timed out) under a request, not that the broker
     * refused it: a publish or subscription of the session still stands after the reconnect.
     */
    private static boolean cutByOutage(MqttException e) {
        int code = e.getReasonCode();
        return code == MqttClientException.REASON_CODE_CONNECTION_LOST
                || code == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED
                || code == MqttClientException.REASON_CODE_CLIENT_TIMEOUT;
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
                connectionListeners.forEach(ConnectionListener::reconnected);
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
            if (response.getReturnCode() == PROTOCOL_ERROR && !options.isCleanStart()) {
                log.warn("{}: {} refused the resumed session (Paho resends aliased publishes without their topic, "
                        + "paho.mqtt.java#916): starting clean from now on", settings.clientId(), settings.broker());
                options.setCleanStart(true);
            }
            if (!closing) {
                log.warn("{}: disconnected from {}: {}; reconnecting", settings.clientId(), settings.broker(),
                        response.getException() != null ? response.getException().getMessage()
                                : ReasonCodes.describe(response.getReturnCode()));
                connectionListeners.forEach(ConnectionListener::connectionLost);
                watchReconnect();
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

    /** Checks every second, until the link is back or closed, that Paho is still reconnecting (see {@link #RECONNECT_WATCHDOG}). */
    private void watchReconnect() {
        long stuckAfter = TimeUnit.MILLISECONDS.toNanos(Math.max(settings.reconnectDelay().toMillis(), timeoutMillis)
                + WATCHDOG_PERIOD_MILLIS);
        long lost = System.nanoTime();
        RECONNECT_WATCHDOG.schedule(() -> checkReconnecting(lost, stuckAfter), WATCHDOG_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void checkReconnecting(long since, long stuckAfter) {
        if (closing || client.isConnected()) {
            return;
        }
        long now = System.nanoTime();
        long waiting = now - Math.max(since, ledger.lastOpenedNanos());
        long next = since;
        if (waiting > stuckAfter) {
            log.warn("{}: Paho has not reconnected to {} for {} ms: reconnecting", settings.clientId(), settings.broker(),
                    TimeUnit.NANOSECONDS.toMillis(waiting));
            restartReconnect();
            next = now;
        }
        long from = next;
        RECONNECT_WATCHDOG.schedule(() -> checkReconnecting(from, stuckAfter), WATCHDOG_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void restartReconnect() {
        try {
            client.reconnect();
        } catch (MqttException e) {
            if (e.getReasonCode() != MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS) {
                log.warn("{}: reconnect: {}", settings.clientId(), describe(e));
                return;
            }
            try {
                client.disconnectForcibly(0, 0, false); // abandons the stuck attempt
                client.reconnect();
            } catch (MqttException again) {
                log.warn("{}: reconnect after abandoning a stuck attempt: {}", settings.clientId(), describe(again));
            }
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
