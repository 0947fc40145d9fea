package org.malcomedge.agent.link.mqtt;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.malcomedge.wire.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.agent.link.NodePresence;

/**
 * What a link does on each connect and loss the {@link LinkSupervisor} reports: subscriptions made
 * again, and once the broker answered them, listeners told, the BIRTH published and queued
 * publishes sent. Nothing once leaving began. A node's BIRTH after a reconnect so means "listening
 * again": a neighbour that hears it can send what the outage lost (see {@link MqttLink#RECONNECTED}).
 */
final class Rejoin implements LinkSupervisor.Listener<MqttAsyncClient> {

    private static final Logger log = LoggerFactory.getLogger(MqttLink.class);

    private final String clientId;
    private final NodePresence presence;
    private final Inbound inbound;
    private final OfflineQueue offline;
    private final List<FleetLink.ConnectionListener> listeners;
    private final BooleanSupplier leaving;

    Rejoin(String clientId, NodePresence presence, Inbound inbound, OfflineQueue offline,
           List<FleetLink.ConnectionListener> listeners, BooleanSupplier leaving) {
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
        inbound.resubscribe(client, () -> listening(client, reconnect));
    }

    /** On Paho's callback thread, once the broker answered the subscriptions. */
    private void listening(MqttAsyncClient client, boolean reconnect) {
        if (leaving.getAsBoolean() || !client.isConnected()) {
            return; // lost again before the answers came (they failed): the next connect does all this
        }
        if (reconnect) {
            log.info("{}: reconnected", clientId);
            listeners.forEach(FleetLink.ConnectionListener::reconnected);
        }
        if (presence.birthDue()) {
            String topic = presence.topic();
            try {
                client.publish(topic, Acks.message(presence.state(NodeState.Status.BIRTH,
                                reconnect ? FleetLink.RECONNECTED : FleetLink.CONNECTED).toByteArray(), true, Acks.QOS_ACKED),
                        null, Acks.logging(clientId, "publish on " + topic, () -> { }));
            } catch (MqttException e) {
                log.warn("{}: cannot publish on {}: {}", clientId, topic, Acks.describe(e));
            }
        }
        offline.drainInto(client);
    }

    @Override
    public void lost() {
        if (!leaving.getAsBoolean()) {
            listeners.forEach(FleetLink.ConnectionListener::connectionLost);
        }
    }
}
