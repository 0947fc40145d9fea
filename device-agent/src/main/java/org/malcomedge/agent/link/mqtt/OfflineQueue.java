package org.malcomedge.agent.link.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.malcomedge.agent.link.LinkException;

/**
 * Publishes made while the link is down, sent in order after the reconnect (each fresh client
 * starts with an empty buffer of its own, so the link keeps this one). Bounded: when full,
 * publishing fails. While it drains, new publishes queue behind it, so nothing overtakes.
 */
final class OfflineQueue {

    private record Pending(String topic, MqttMessage message) {
    }

    private static final Logger log = LoggerFactory.getLogger(MqttLink.class);

    private final String clientId;
    private final int capacity;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private boolean draining;

    OfflineQueue(String clientId, int capacity) {
        this.clientId = clientId;
        this.capacity = capacity;
    }

    /**
     * Queues the message when the link is down ({@code online} false) or still draining.
     *
     * @return false when the caller may publish directly
     * @throws LinkException when the queue is full
     */
    synchronized boolean queueIfBusy(boolean online, String topic, MqttMessage message) throws LinkException {
        if (online && !draining && pending.isEmpty()) {
            return false;
        }
        if (pending.size() >= capacity) {
            throw new LinkException("cannot publish on " + topic + ": " + capacity
                    + " messages wait for the broker to come back already");
        }
        pending.add(new Pending(topic, message));
        return true;
    }

    /** Sends what waits, one message after the other's acknowledgement, without blocking the caller. */
    void drainInto(MqttAsyncClient client) {
        synchronized (this) {
            if (draining) {
                return;
            }
            draining = true;
        }
        sendNext(client);
    }

    private void sendNext(MqttAsyncClient client) {
        Pending next;
        synchronized (this) {
            next = pending.poll();
            if (next == null) {
                draining = false;
                return;
            }
        }
        try {
            client.publish(next.topic(), next.message(), null,
                    Acks.logging(clientId, "queued publish on " + next.topic(), () -> sendNext(client)));
        } catch (MqttException e) {
            // Down again: that one is lost with the connection (as in-flight ones are), the rest wait.
            log.info("{}: queued publish on {}: {}", clientId, next.topic(), Acks.describe(e));
            synchronized (this) {
                draining = false;
            }
        }
    }
}
