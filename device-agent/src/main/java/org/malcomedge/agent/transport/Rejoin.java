package org.malcomedge.agent.transport;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.malcomedge.wire.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a link does on each connect and loss the {@link LinkSupervisor} reports: listeners told, the
 * BIRTH published, subscriptions made again, queued publishes sent. Nothing once leaving began.
 */
final class Rejoin implements LinkSupervisor.Listener<MqttAsyncClient> {

    private static final Logger log = LoggerFactory.getLogger(MqttLink.class);

    private final String clientId;
    private final NodePresence presence;
    private final Inbound inbound;
    private final OfflineQueue offline;
    private final List<MqttLink.ConnectionListener> listeners;
    private final BooleanSupplier leaving;

    Rejoin(String clientId, NodePresence presence, Inbound inbound, OfflineQueue offline,
           List<MqttLink.ConnectionListener> listeners, BooleanSupplier leaving) {
        this.clientId = clientId;
        this.presence = presence;
        this.inbound = inbound;
        this.offline = offline;
        this.listeners = listeners;
        this.leaving = leaving;
    }

    /** On Paho's callback thread: nothing here waits. */
    @Override
    public void connected(MqttAsyncClient client, boolean reconnect) {
        if (leaving.getAsBoolean()) {
            return; // no BIRTH after a LEAVE, and the client is leave()'s to close
        }
        if (reconnect) {
            log.info("{}: reconnected", clientId);
            listeners.forEach(MqttLink.ConnectionListener::reconnected);
        }
        if (presence.birthDue()) {
            String topic = presence.topic();
            try {
                client.publish(topic, presence.message(NodeState.Status.BIRTH, reconnect ? "reconnected" : "connected"),
                        null, Acks.logging(clientId, "publish on " + topic, () -> { }));
            } catch (MqttException e) {
                log.warn("{}: cannot publish on {}: {}", clientId, topic, Acks.describe(e));
            }
        }
        inbound.resubscribe(client);
        offline.drainInto(client);
    }

    @Override
    public void lost() {
        if (!leaving.getAsBoolean()) {
            listeners.forEach(MqttLink.ConnectionListener::connectionLost);
        }
    }
}
