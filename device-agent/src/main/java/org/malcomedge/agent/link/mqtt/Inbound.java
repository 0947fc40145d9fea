package org.malcomedge.agent.link.mqtt;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.malcomedge.agent.link.FleetLink;

/** A link's subscriptions: made again on every fresh client, and the handlers its messages go to. */
final class Inbound {

    private record Subscription(int qos, FleetLink.MessageHandler handler) {
    }

    private static final Logger log = LoggerFactory.getLogger(MqttLink.class);

    private final String clientId;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

    Inbound(String clientId) {
        this.clientId = clientId;
    }

    void add(String filter, int qos, FleetLink.MessageHandler handler) {
        subscriptions.put(filter, new Subscription(qos, handler));
    }

    boolean remove(String filter) {
        return subscriptions.remove(filter) != null;
    }

    Set<String> filters() {
        return Set.copyOf(subscriptions.keySet());
    }

    /** Runs on Paho's callback thread, one message at a time. */
    void deliver(String topic, byte[] payload) {
        for (Map.Entry<String, Subscription> s : subscriptions.entrySet()) {
            if (MqttTopicValidator.isMatched(s.getKey(), topic)) {
                try {
                    s.getValue().handler().onMessage(topic, payload);
                } catch (RuntimeException e) {
                    // Throwing into Paho would drop the connection; a bad handler must not.
                    log.error("{}: handler for {} failed on {}", clientId, s.getKey(), topic, e);
                }
            }
        }
    }

    /**
     * Every subscription again: a fresh client (and a restarted broker) knows none of them. Runs
     * {@code answered} once the broker answered every one (or the request failed), at once when
     * there are none.
     */
    void resubscribe(MqttAsyncClient client, Runnable answered) {
        Map<String, Subscription> now = Map.copyOf(subscriptions);
        AtomicInteger open = new AtomicInteger(now.size() + 1); // + 1: none answers before all are made
        Runnable oneAnswered = () -> {
            if (open.decrementAndGet() == 0) {
                answered.run();
            }
        };
        now.forEach((filter, s) -> {
            try {
                // Not waiting: this runs on Paho's callback thread, which must stay free to read the SUBACK.
                client.subscribe(filter, s.qos(), null, Acks.logging(clientId, "resubscribe to " + filter, oneAnswered));
            } catch (MqttException e) {
                log.warn("{}: cannot resubscribe to {}: {}", clientId, filter, Acks.describe(e));
                oneAnswered.run();
            }
        });
        oneAnswered.run();
    }
}
