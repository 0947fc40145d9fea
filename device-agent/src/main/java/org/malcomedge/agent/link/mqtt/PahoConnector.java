package org.malcomedge.agent.link.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.malcomedge.agent.link.MqttLinkSettings;

/**
 * One fresh Paho client per attempt, automatic reconnect off (the {@link LinkSupervisor} decides),
 * same client id, a fresh {@link MemoryPersistence}, and its own sockets in a child of the link's
 * {@link SocketLedger} so a hung attempt's sockets can be cut without touching the next one's.
 */
final class PahoConnector implements Connector<MqttAsyncClient> {

    /** Room for the fixed header, topic and properties of a PUBLISH around its payload. */
    private static final int PACKET_OVERHEAD = 1024;
    private static final int PROTOCOL_ERROR = 0x82;
    private static final Logger log = LoggerFactory.getLogger(MqttLink.class);

    private final MqttLinkSettings settings;
    private final SocketLedger ledger;
    private final Inbound inbound;
    private final Supplier<NodeState> will;
    /** See MqttLink's class comment: a silent link resumes its session until the broker refuses it. */
    private volatile boolean cleanStart;

    PahoConnector(MqttLinkSettings settings, SocketLedger ledger, Inbound inbound, Supplier<NodeState> will) {
        this.settings = settings;
        this.ledger = ledger;
        this.inbound = inbound;
        this.will = will;
        this.cleanStart = settings.announce();
    }

    @Override
    public Attempt<MqttAsyncClient> fresh() {
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(settings.broker().toString(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.broker() + ": "
                    + e.getMessage(), e);
        }
        SocketLedger sockets = ledger.child();
        return new Attempt<>() {
            @Override
            public MqttAsyncClient client() {
                return client;
            }

            @Override
            public void start(Events events) {
                client.setCallback(new Callback(events));
                try {
                    client.connect(options(sockets), null, new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            events.connected();
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable e) {
                            events.failed(e);
                        }
                    });
                } catch (MqttException e) {
                    events.failed(e); // Paho 1.2.5 would only log this one and never try again
                }
            }

            @Override
            public void abandon() {
                sockets.severAll(); // unblocks a connect that hangs on its socket
                try {
                    client.disconnectForcibly(0, 0, false);
                } catch (MqttException alreadyDown) {
                    // nothing to disconnect
                }
                try {
                    client.close(true);
                } catch (MqttException e) {
                    // a connect still "in progress" in Paho's state: its threads end with the cut socket
                    log.debug("{}: close of an abandoned client: {}", settings.clientId(), e.getMessage());
                }
            }
        };
    }

    private MqttConnectionOptions options(SocketLedger sockets) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(cleanStart);
        o.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        o.setConnectionTimeout((int) Math.max(1, settings.timeout().toSeconds()));
        o.setMaximumPacketSize((long) settings.maxFrameBytes() + PACKET_OVERHEAD);
        settings.username().ifPresent(o::setUserName);
        settings.password().ifPresent(p -> o.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        o.setSocketFactory(socketFactory(sockets));
        if (settings.announce()) {
            o.setWill(Topics.state(settings.experiment(), settings.clientId()),
                    Acks.message(will.get().toByteArray(), true, Acks.QOS_ACKED));
        }
        return o;
    }

    private SocketFactory socketFactory(SocketLedger sockets) {
        if (!settings.secure()) {
            return new CountingSocketFactory(sockets);
        }
        return new CountingSslSocketFactory(settings.tls().map(PemTls::socketFactory)
                .orElseGet(() -> (SSLSocketFactory) SSLSocketFactory.getDefault()), sockets);
    }

    /** Translates one client's Paho callbacks: messages to the subscriptions, a disconnect to the supervisor. */
    private final class Callback implements MqttCallback {
        private final Events events;

        Callback(Events events) {
            this.events = events;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            inbound.deliver(topic, message.getPayload());
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (response.getReturnCode() == PROTOCOL_ERROR && !cleanStart) {
                log.warn("{}: {} refused the resumed session (Paho resends aliased publishes without their topic, "
                        + "paho.mqtt.java#916): starting clean from now on", settings.clientId(), settings.broker());
                cleanStart = true;
            }
            events.lost(response.getException() != null ? response.getException()
                    : new IllegalStateException(ReasonCodes.describe(response.getReturnCode())));
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            log.warn("{}: MQTT error: {}", settings.clientId(), Acks.describe(e));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // senders wait on their own tokens
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // the supervisor hears of connects through the connect token
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
