package org.malcomedge.agent.link.mqtt;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.malcomedge.wire.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.agent.link.NodePresence;
import org.malcomedge.agent.link.SocketBytes;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;

/**
 * One client's connection to the broker over Eclipse Paho MQTT 5 (DESIGN.md sections 5 and 9).
 *
 * <ul>
 *   <li>Connecting is the {@link LinkSupervisor}'s, not Paho's (its automatic reconnect is off): a
 *       fresh client per attempt, a connect timeout ({@link MqttLinkSettings#timeout()} + 1 s) after
 *       which a hung attempt is force-closed, waits of full jitter from 250 ms doubling up to
 *       {@link MqttLinkSettings#reconnectDelay()}. <b>Bound:</b> once the broker accepts connections
 *       again the link is back within {@code reconnectDelay + timeout + 1 s} (an attempt begun
 *       during the outage ends within its timeout, the wait after it is at most reconnectDelay), and
 *       an agent's rounds resume within that plus one round timeout (the round the outage cut off
 *       may wait its timeout out once; keyframes repair the lost frames). With the defaults:
 *       8 s + 10 s + 1 s + the plan's round timeout.</li>
 *   <li>Every subscription is made again after each connect (a fresh client, and a restarted broker
 *       without persistence, know none); publishes while the link is down wait in a bounded
 *       {@link OfflineQueue} and go out in order after the reconnect.</li>
 *   <li>A node's link starts clean on every connect. Paho 1.2.5 replaces the topic of a QoS 1
 *       publish by a topic alias when the broker allows aliases, and after a reconnect into a
 *       resumed session it resends the publishes that were in flight with no topic and an alias the
 *       new connection never defined; the broker disconnects it for a protocol error, again at every
 *       reconnect (paho.mqtt.java#916). Clean, what was in flight is lost with the connection (see
 *       {@link #publish}): lost frames are gaps that keyframes repair.</li>
 *   <li>A silent link (the coordinator, which publishes little and must not miss reports) resumes
 *       its session with a session expiry, so the broker queues what arrives while it is away. Each
 *       fresh client has an empty persistence and resends nothing, which avoids #916; should a
 *       broker still refuse the resumed session with a protocol error, it starts clean from then on.</li>
 *   <li>A node announces itself: the retained BIRTH {@link NodeState} on its state topic after each
 *       connect (never once {@link #leave} began; after a reconnect only once the broker answered
 *       the subscriptions again, with the detail {@link #RECONNECTED}), and the retained DEATH as
 *       the MQTT will, which the broker publishes when the connection drops without a DISCONNECT. {@link #leave} publishes
 *       LEAVE, unsubscribes, sends DISCONNECT (normal disconnection, 0x00: the broker discards the
 *       will) and closes the socket only after the broker closed its side, so the broker has read
 *       the DISCONNECT before the TCP close (a close with unread bytes is a reset, which a broker
 *       may see first and answer with the will).</li>
 *   <li>Residual frames and keyframes go out QoS 1 on the sender's own topics; nothing larger than
 *       {@link MqttLinkSettings#maxFrameBytes()} is published, and the broker is told (Maximum
 *       Packet Size) not to send us more.</li>
 *   <li>The sockets under Paho count their bytes: {@link #socketBytes()} is what they carried.</li>
 * </ul>
 *
 * Handlers run on Paho's callback thread, one message at a time, in arrival order: keep them short.
 */
public final class MqttLink implements FleetLink {

    private static final Logger log = LoggerFactory.getLogger(MqttLink.class);
    private static final Duration FIRST_RECONNECT_WAIT = Duration.ofMillis(250);
    /** Past Paho's own connect timeout, so that one reports a plain failure; this one catches hangs. */
    private static final Duration HANG_MARGIN = Duration.ofSeconds(1);
    /** How long a leaving link waits for the broker to close its side after the DISCONNECT. */
    private static final Duration LINGER = Duration.ofSeconds(1);
    private static final int OFFLINE_CAPACITY = 10_000;

    private final MqttLinkSettings settings;
    private final SocketLedger ledger = new SocketLedger();
    private final Inbound inbound;
    private final Requests requests;
    private final OfflineQueue offline;
    private final LinkSupervisor<MqttAsyncClient> supervisor;
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final NodePresence presence;
    private volatile boolean closing;

    private MqttLink(MqttLinkSettings settings, boolean holdBirth) {
        this.settings = settings;
        this.presence = NodePresence.of(settings, holdBirth);
        this.inbound = new Inbound(settings.clientId());
        this.requests = new Requests(settings);
        this.offline = new OfflineQueue(settings.clientId(), OFFLINE_CAPACITY);
        Connector<MqttAsyncClient> connector = new PahoConnector(settings, ledger, inbound,
                presence::will);
        Backoff backoff = new Backoff(FIRST_RECONNECT_WAIT, settings.reconnectDelay(), ThreadLocalRandom.current()::nextDouble);
        this.supervisor = new LinkSupervisor<>(settings.clientId(), connector, Scheduler.SHARED, Clock.systemUTC(),
                backoff, settings.timeout().plus(HANG_MARGIN),
                new Rejoin(settings.clientId(), presence, inbound, offline, connectionListeners, () -> closing));
    }

    /**
     * Connects, announces the node (when the settings say so) and returns once the broker accepted.
     *
     * @throws LinkException naming the broker and why it refused or could not be reached
     * @throws org.malcomedge.agent.InputException when the TLS files cannot be read or used
     */
    public static MqttLink connect(MqttLinkSettings settings) throws LinkException {
        return connect(settings, false);
    }

    /**
     * Connects with the will (DEATH) in place but holds the BIRTH back until {@link #announce}: a
     * device says it is there only once it listens to its neighbours.
     */
    public static MqttLink connectBeforeBirth(MqttLinkSettings settings) throws LinkException {
        return connect(settings, true);
    }

    private static MqttLink connect(MqttLinkSettings settings, boolean holdBirth) throws LinkException {
        MqttLink link;
        try {
            link = new MqttLink(settings, holdBirth);
        } catch (IllegalArgumentException e) {
            throw new LinkException(e.getMessage(), e.getCause());
        }
        try {
            link.supervisor.start().get(settings.timeout().plus(HANG_MARGIN.multipliedBy(2)).toMillis(),
                    TimeUnit.MILLISECONDS);
            return link;
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            link.crash(); // not connected: nothing to leave, nothing announced
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw ConnectFailure.wrap(settings, e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    @Override
    public NodeState state(NodeState.Status status, String detail) {
        return presence.state(status, detail);
    }

    @Override
    public void announce(long completedRound) throws LinkException {
        progress(completedRound);
        presence.release();
        publish(presence.topic(), state(NodeState.Status.BIRTH, CONNECTED).toByteArray(), Acks.QOS_ACKED, true);
    }

    /**
     * Publishes one message. While connected, returns once the broker acknowledged it (QoS 1 and 2);
     * during an outage it waits in the link's bounded queue, goes out after the reconnect, and this
     * returns at once. A QoS 1 or 2 message whose acknowledgement the outage cut off (the broker
     * restarted) is no failure either: it is lost with the connection (each reconnect is a fresh
     * client that resends nothing, see the class comment); a frame's gap is repaired by a keyframe,
     * the retained BIRTH is sent again on the reconnect.
     *
     * @throws LinkException when the message is larger than the maximum frame size, or the
     *                           broker refused it (e.g. the ACL denies this topic), or did not answer,
     *                           or the outage queue is full, or the link is closed
     */
    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained) throws LinkException {
        send(topic, payload, qos, retained).confirm();
    }

    /**
     * {@link #publish} up to the broker's acknowledgement, which the caller confirms later: a round
     * need not wait a round trip to the broker for each of its messages (Paho's sender thread writes
     * them while the agent goes on).
     *
     * @throws LinkException when the message is larger than the maximum frame size, or Paho refused it
     */
    @Override
    public Sent send(String topic, byte[] payload, int qos, boolean retained) throws LinkException {
        if (payload.length > settings.maxFrameBytes()) {
            throw new LinkException("refusing to publish " + payload.length + " bytes on " + topic
                    + ": larger than the maximum frame size " + settings.maxFrameBytes());
        }
        if (closing) {
            throw new LinkException("cannot publish on " + topic + ": the link of '" + settings.clientId()
                    + "' is closed");
        }
        MqttMessage message = Acks.message(payload, retained, qos);
        Optional<MqttAsyncClient> client = supervisor.connected();
        if (offline.queueIfBusy(client.isPresent(), topic, message)) {
            return Sent.CONFIRMED;
        }
        return requests.publish(client.get(), topic, message);
    }

    @Override
    public void subscribe(String topicFilter, int qos, MessageHandler handler) throws LinkException {
        MqttTopicValidator.validate(topicFilter, true, true);
        inbound.add(topicFilter, qos, handler);
        Optional<MqttAsyncClient> client = supervisor.connected();
        if (client.isEmpty()) {
            return; // made on the reconnect
        }
        Optional<String> refused = requests.subscribe(client.get(), topicFilter, qos);
        if (refused.isPresent()) {
            inbound.remove(topicFilter);
            throw new LinkException("broker " + settings.broker() + " refused the subscription of '"
                    + settings.clientId() + "' to " + topicFilter + ": " + refused.get());
        }
    }

    @Override
    public void unsubscribe(String topicFilter) throws LinkException {
        Optional<MqttAsyncClient> client = supervisor.connected();
        if (!inbound.remove(topicFilter) || client.isEmpty()) {
            return;
        }
        requests.unsubscribe(client.get(), topicFilter);
    }

    /** Bytes the sockets under this link carried so far, both directions, over all reconnects. */
    @Override
    public SocketBytes socketBytes() {
        return ledger.snapshot();
    }

    @Override
    public boolean isConnected() {
        return supervisor.isConnected();
    }

    /** On Paho's thread. */
    @Override
    public void addConnectionListener(ConnectionListener listener) {
        connectionListeners.add(listener);
        if (!isConnected() && !closing) {
            listener.connectionLost();
        }
    }

    /** Successful connects so far: 1 after {@link #connect}, +1 per reconnect. */
    public long connects() {
        return supervisor.connects();
    }

    public MqttLinkSettings settings() {
        return settings;
    }

    @Override
    public String clientId() {
        return settings.clientId();
    }

    @Override
    public String experiment() {
        return settings.experiment();
    }

    @Override
    public int maxFrameBytes() {
        return settings.maxFrameBytes();
    }

    @Override
    public void progress(long completedRound) {
        presence.progress(completedRound);
    }

    /**
     * Leaves for good, saying why ({@code detail}, e.g. "finished"): no reconnect from now on; the
     * LEAVE (for a node) is published and acknowledged, the subscriptions are dropped, then the
     * DISCONNECT (0x00, the broker discards the will) is awaited, and the socket closes after the
     * broker's side did (see the class comment). Each step waits at most the settings' timeout.
     */
    @Override
    public void leave(String detail) {
        if (closing) {
            return;
        }
        closing = true;
        Optional<MqttAsyncClient> live = supervisor.stop();
        if (live.isEmpty()) {
            return; // down: the broker has published the will, or will
        }
        MqttAsyncClient client = live.get();
        try {
            if (settings.announce()) {
                requests.publish(client, presence.topic(), Acks.message(state(NodeState.Status.LEAVE, detail).toByteArray(), true,
                        Acks.QOS_ACKED)).confirm();
            }
            String[] filters = inbound.filters().toArray(String[]::new);
            if (filters.length > 0) {
                requests.unsubscribe(client, filters); // no messages arrive while we close
            }
        } catch (LinkException e) {
            log.warn("{}: leaving {}: {}", settings.clientId(), settings.broker(), e.getMessage());
        }
        ledger.closeGracefully(LINGER);
        requests.disconnect(client);
    }

    /**
     * Dies the way a killed process does: the sockets close with no DISCONNECT, so the broker
     * publishes the will, and nothing reconnects. For tests of the death path.
     */
    void crash() {
        closing = true;
        Optional<MqttAsyncClient> live = supervisor.stop();
        ledger.severAll();
        live.ifPresent(client -> {
            try {
                client.disconnectForcibly(0, 0, false);
            } catch (MqttException alreadyDown) {
                // the severed socket may have been noticed first
            }
            requests.close(client);
        });
    }
}
